package dev.tokenbench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenTimelineTest {

    @Test
    void onToken_moreTokensThanExpected_growsAndKeepsOrder() {
        TokenTimeline timeline = new TokenTimeline(1, 2, 0);
        for (int i = 0; i < 5; i++) {
            timeline.onToken(0, 100 + i, 10L * (i + 1));
        }
        assertThat(timeline.tokenCount(0)).isEqualTo(5);
        assertThat(timeline.tokenIds(0)).containsExactly(100, 101, 102, 103, 104);
        assertThat(timeline.timestampsNanos(0)).containsExactly(10, 20, 30, 40, 50);
    }

    @Test
    void onToken_sequenceOutsideBatch_throws() {
        TokenTimeline timeline = new TokenTimeline(2, 1, 0);
        assertThatThrownBy(() -> timeline.onToken(2, 1, 1))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("sequence index 2 outside batch of 2");
    }

    @Test
    void complete_beforeStart_throws() {
        TokenTimeline timeline = new TokenTimeline(1, 1, 100);
        assertThatThrownBy(() -> timeline.complete(99, null))
                .hasMessage("completionNanos 99 is before the request start 100");
    }

    @Test
    void complete_promptCountsOfWrongBatch_throws() {
        TokenTimeline timeline = new TokenTimeline(2, 1, 0);
        assertThatThrownBy(() -> timeline.complete(1, new int[] {1}))
                .hasMessage("promptTokenCounts has 1 entries, the batch has 2 sequences");
    }

    @Test
    void constructor_nonPositiveSizes_throw() {
        assertThatThrownBy(() -> new TokenTimeline(0, 1, 0)).hasMessage("batchSize must be >= 1, was 0");
        assertThatThrownBy(() -> new TokenTimeline(1, 0, 0)).hasMessage("expectedTokensPerSequence must be >= 1, was 0");
    }

    @Test
    void recordFinalTokens_marksTimelineAsNotStreamed() {
        TokenTimeline timeline = new TokenTimeline(1, 3, 0);
        timeline.recordFinalTokens(0, new int[] {4, 5, 6});
        assertThat(timeline.streamed()).isFalse();
        assertThat(timeline.tokenIds(0)).containsExactly(4, 5, 6);
        assertThat(timeline.timestampsNanos(0)).isEmpty();
        assertThat(timeline.totalTokenCount()).isEqualTo(3);
    }
}
