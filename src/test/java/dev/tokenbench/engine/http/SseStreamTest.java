package dev.tokenbench.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenbench.measure.TokenTimeline;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Events parsed line by line on hand-set clock readings: token counting, the chunked-ITL rule, stream faults. */
class SseStreamTest {

    private static void event(SseStream stream, String data, long nanos) throws SseStream.StreamFault {
        stream.line("data: " + data, nanos);
        stream.line("", nanos);
    }

    @Test
    void tokenIds_kPerEvent_spreadOverTheGapBeforeThem() throws Exception {
        TokenTimeline timeline = new TokenTimeline(1, 7, 0);
        SseStream stream = new SseStream(0, 7, timeline, new ConcurrentHashMap<>());

        event(stream, "{\"choices\":[{\"text\":\"a\",\"token_ids\":[1]}]}", 1_000);
        event(stream, "{\"choices\":[{\"text\":\"bcd\",\"token_ids\":[2,3,4]}]}", 4_000);
        event(stream, "{\"choices\":[{\"text\":\"ef\",\"token_ids\":[5,6]}]}", 6_000);
        event(stream, "{\"choices\":[{\"text\":\"g\",\"token_ids\":[7]}]}", 6_500);
        event(stream, "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":7}}", 6_600);
        event(stream, "[DONE]", 6_700);
        stream.end(6_800);

        assertThat(timeline.tokenIds(0)).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(timeline.timestampsNanos(0)).containsExactly(1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 6_500);
        assertThat(stream.chunked()).isTrue();
        assertThat(stream.countSource()).isEqualTo(SseStream.CountSource.TOKEN_IDS);
        assertThat(stream.usagePromptTokens()).isEqualTo(9);
    }

    @Test
    void continuousUsage_countsTokensByUsageGrowth_firstEventsExtraTokensAtItsArrival() throws Exception {
        TokenTimeline timeline = new TokenTimeline(1, 4, 0);
        SseStream stream = new SseStream(0, 4, timeline, new ConcurrentHashMap<>());

        event(stream, "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}],\"usage\":{\"completion_tokens\":0}}", 500);
        event(stream, "{\"choices\":[{\"delta\":{\"content\":\"ab\"}}],\"usage\":{\"completion_tokens\":2}}", 1_000);
        event(stream, "{\"choices\":[{\"delta\":{\"content\":\"cd\"}}],\"usage\":{\"completion_tokens\":4}}", 3_000);
        stream.line("data: [DONE]", 3_100);
        stream.end(3_200);

        assertThat(timeline.timestampsNanos(0)).containsExactly(1_000, 1_000, 2_000, 3_000);
        assertThat(timeline.tokenIds(0)).containsOnly(-1);
        assertThat(stream.countSource()).isEqualTo(SseStream.CountSource.USAGE);
    }

    @Test
    void plainEvents_oneTokenPerNonEmptyText_commentsAndFieldsIgnored() throws Exception {
        TokenTimeline timeline = new TokenTimeline(1, 2, 0);
        SseStream stream = new SseStream(0, 2, timeline, new ConcurrentHashMap<>());

        stream.line(": keep-alive", 10);
        stream.line("event: message", 10);
        event(stream, "{\"choices\":[{\"text\":\"x\"}]}", 100);
        event(stream, "{\"choices\":[{\"text\":\"\"}]}", 150);
        event(stream, "{\"choices\":[{\"text\":\"y\"}]}", 200);
        event(stream, "[DONE]", 300);
        stream.end(300);

        assertThat(timeline.timestampsNanos(0)).containsExactly(100, 200);
        assertThat(stream.chunked()).isFalse();
    }

    @Test
    void faults_eachOneSentence() throws Exception {
        SseStream truncated = new SseStream(0, 3, new TokenTimeline(1, 3, 0), new ConcurrentHashMap<>());
        event(truncated, "{\"choices\":[{\"text\":\"x\",\"token_ids\":[1]}]}", 1);
        assertThatThrownBy(() -> truncated.end(2)).hasMessage("the stream ended without 'data: [DONE]' after 1 of 3 tokens");

        SseStream few = new SseStream(0, 3, new TokenTimeline(1, 3, 0), new ConcurrentHashMap<>());
        event(few, "{\"choices\":[{\"text\":\"x\",\"token_ids\":[1],\"finish_reason\":\"stop\"}]}", 1);
        event(few, "[DONE]", 2);
        assertThatThrownBy(() -> few.end(2)).hasMessageStartingWith("fewer tokens than asked: 1 of 3 (finish_reason stop");

        SseStream lying = new SseStream(0, 1, new TokenTimeline(1, 1, 0), new ConcurrentHashMap<>());
        event(lying, "{\"choices\":[{\"text\":\"x\"}]}", 1);
        event(lying, "{\"choices\":[],\"usage\":{\"completion_tokens\":2}}", 1);
        event(lying, "[DONE]", 2);
        assertThatThrownBy(() -> lying.end(2)).hasMessage("the server's usage says 2 completion tokens, its events carried 1");

        SseStream malformed = new SseStream(0, 1, new TokenTimeline(1, 1, 0), new ConcurrentHashMap<>());
        assertThatThrownBy(() -> event(malformed, "{\"choices\":[{\"text\":", 1)).hasMessageStartingWith("malformed JSON in a server-sent event");
        assertThatThrownBy(() -> malformed.line("garbage", 1)).hasMessage("malformed server-sent event line: 'garbage'");

        SseStream error = new SseStream(0, 1, new TokenTimeline(1, 1, 0), new ConcurrentHashMap<>());
        assertThatThrownBy(() -> event(error, "{\"error\":{\"message\":\"out of memory\"}}", 1)).hasMessage("the server sent an error event: out of memory");

        SseStream more = new SseStream(0, 1, new TokenTimeline(1, 1, 0), new ConcurrentHashMap<>());
        assertThatThrownBy(() -> event(more, "{\"choices\":[{\"text\":\"xy\",\"token_ids\":[1,2]}]}", 1)).hasMessage("more tokens than asked: 2 of 1");
    }
}
