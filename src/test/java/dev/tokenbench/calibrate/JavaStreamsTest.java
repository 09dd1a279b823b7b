package dev.tokenbench.calibrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class JavaStreamsTest {

    /** Buffers hold 0, 1, 2, ... as longs: the sum of n of them is n(n-1)/2, whichever way the slices fall. */
    @Test
    void read_oneAndThreeThreads_sumOfEveryValue() {
        int longs = 3 * 1024 + 8;
        long expected = (long) longs * (longs - 1) / 2;
        ByteBuffer direct = JavaStreams.directBuffer(longs * 8L);
        for (int i = 0; i < longs; i++) {
            direct.putLong(i * 8, i);
        }
        long[] heap = JavaStreams.heapArray(longs * 8L);
        for (int threads : new int[] {1, 3}) {
            try (JavaStreams reader = new JavaStreams(threads)) {
                reader.read(direct);
                assertThat(JavaStreams.sink).as("direct, %d threads", threads).isEqualTo(expected);
                reader.read(heap);
                assertThat(JavaStreams.sink).as("heap, %d threads", threads).isEqualTo(expected);
            }
        }
    }
}
