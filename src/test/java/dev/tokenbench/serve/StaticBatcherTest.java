package dev.tokenbench.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The batching window's rule on fixed arrival times: which waiting prompts start together, and when. */
class StaticBatcherTest {

    private static final long WINDOW = 10_000_000;

    private static StaticBatcher.Pending text(int maxTokens, long arrivalNanos) {
        return new StaticBatcher.Pending("p", null, maxTokens, 0, arrivalNanos, new LinkedBlockingQueue<>());
    }

    private static StaticBatcher.Pending ids(int maxTokens, long arrivalNanos) {
        return new StaticBatcher.Pending(null, new int[] {1}, maxTokens, 0, arrivalNanos, new LinkedBlockingQueue<>());
    }

    @Test
    void takeBatch_windowOpenAndBatchNotFull_waits_thenTakesWhatArrived() {
        StaticBatcher.Pending first = text(8, 1_000);
        StaticBatcher.Pending second = text(8, 5_000_000);
        Deque<StaticBatcher.Pending> waiting = new ArrayDeque<>(List.of(first, second));

        assertThat(StaticBatcher.takeBatch(waiting, 3, WINDOW, 1_000 + WINDOW - 1)).isEmpty();
        assertThat(waiting).containsExactly(first, second);
        assertThat(StaticBatcher.takeBatch(waiting, 3, WINDOW, 1_000 + WINDOW)).containsExactly(first, second);
        assertThat(waiting).isEmpty();
    }

    @Test
    void takeBatch_fullBatch_startsAtOnce_restWaitsForItsOwnWindow() {
        StaticBatcher.Pending a = text(8, 0);
        StaticBatcher.Pending b = text(8, 1);
        StaticBatcher.Pending c = text(8, 2);
        Deque<StaticBatcher.Pending> waiting = new ArrayDeque<>(List.of(a, b, c));

        assertThat(StaticBatcher.takeBatch(waiting, 2, WINDOW, 2)).containsExactly(a, b);
        assertThat(StaticBatcher.takeBatch(waiting, 2, WINDOW, 3)).isEmpty();
        assertThat(StaticBatcher.takeBatch(waiting, 2, WINDOW, 2 + WINDOW)).containsExactly(c);
    }

    @Test
    void takeBatch_otherMaxTokensAndOtherKind_leftForLaterBatches_oldestFirst() {
        StaticBatcher.Pending a = text(8, 0);
        StaticBatcher.Pending other = text(4, 1);
        StaticBatcher.Pending idsPrompt = ids(8, 2);
        StaticBatcher.Pending b = text(8, 3);
        Deque<StaticBatcher.Pending> waiting = new ArrayDeque<>(List.of(a, other, idsPrompt, b));

        assertThat(StaticBatcher.takeBatch(waiting, 4, WINDOW, WINDOW)).containsExactly(a, b);
        assertThat(StaticBatcher.takeBatch(waiting, 4, WINDOW, 1 + WINDOW)).containsExactly(other);
        assertThat(StaticBatcher.takeBatch(waiting, 4, WINDOW, 1 + WINDOW)).isEmpty();
        assertThat(StaticBatcher.takeBatch(waiting, 4, WINDOW, 2 + WINDOW)).containsExactly(idsPrompt);
    }

    @Test
    void takeBatch_noWindow_takesWhatWaitsAtOnce() {
        StaticBatcher.Pending a = text(8, 100);
        Deque<StaticBatcher.Pending> waiting = new ArrayDeque<>(List.of(a));

        assertThat(StaticBatcher.takeBatch(waiting, 8, 0, 100)).containsExactly(a);
        assertThat(StaticBatcher.takeBatch(waiting, 8, 0, 100)).isEmpty();
    }
}
