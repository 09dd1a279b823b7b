package dev.tokenbench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void markdown_hostileText_cannotBreakATableOrInjectMarkup() {
        assertThat(Formats.markdown("a|b\nc<script>alert(1)</script> *x* [l](u) `c` & _u_ \\"))
                .isEqualTo("a\\|b c&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[l\\](u) \\`c\\` &amp; \\_u\\_ \\\\");
    }

    @Test
    void html_hostileText_isEscaped() {
        assertThat(Formats.html("<img src=x onerror=\"alert('1')\"> & more")).isEqualTo(
                "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; more");
    }

    @Test
    void csv_quotesOnlyWhenNeeded_rfc4180() {
        assertThat(Formats.csv("plain")).isEqualTo("plain");
        assertThat(Formats.csv("a,b")).isEqualTo("\"a,b\"");
        assertThat(Formats.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Formats.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void human_fourSignificantDigitsOrWholeNumbers() {
        assertThat(Formats.human(0.0000386812)).isEqualTo("0.00003868");
        assertThat(Formats.human(26.4319705)).isEqualTo("26.43");
        assertThat(Formats.human(2.0)).isEqualTo("2");
        assertThat(Formats.human(1161155.71)).isEqualTo("1161156");
        assertThat(Formats.human(OptionalDouble.empty())).isEqualTo("-");
    }

    @Test
    void pValue_smallValuesBounded() {
        assertThat(Formats.pValue(OptionalDouble.of(0.0196198))).isEqualTo("p=0.020");
        assertThat(Formats.pValue(OptionalDouble.of(0.00001))).isEqualTo("p<0.0001");
    }
}
