package dev.tokenbench.sweep;

import static dev.tokenbench.sweep.SweepSpecParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecHashTest {

    @Test
    void hash_rangeOrList_isTheSameSpec() {
        String a = SpecHash.hash(parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': '1..8 x2'}}"));
        String b = SpecHash.hash(parse("{'name': 'other', 'axes': {'framework': ['fake'], 'model': 'zero', 'batchSize': [1, 2, 4, 8]},"
                + " 'timeout': '1h'}"));
        assertThat(a).startsWith("sha256:").hasSize(71).isEqualTo(b);
    }

    @Test
    void hash_changedAxisOrRounds_differs() {
        String a = SpecHash.hash(parse("{'axes': {'framework': 'fake', 'model': 'zero'}}"));
        assertThat(SpecHash.hash(parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': 2}}"))).isNotEqualTo(a);
        assertThat(SpecHash.hash(parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'rounds': 2}"))).isNotEqualTo(a);
        assertThat(SpecHash.hash(parse("{'axes': {'framework': 'fake', 'model': 'zero'}, 'seed': 1}"))).isNotEqualTo(a);
    }

    @Test
    void differences_nameEachChangedKey() {
        var before = SpecHash.canonical(parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2]}, 'rounds': 3}"));
        var after = SpecHash.canonical(parse("{'axes': {'framework': 'fake', 'model': 'zero', 'batchSize': [1, 2, 4]}, 'rounds': 5,"
                + " 'jmh': {'iterationTime': '1s'}}"));
        assertThat(SpecHash.differences(before, after)).containsExactly(
                "axes.batchSize: [1,2] -> [1,2,4]", "jmh.iterationMillis: (absent) -> 1000", "rounds: 3 -> 5");
        assertThat(SpecHash.differences(before, before)).isEmpty();
    }
}
