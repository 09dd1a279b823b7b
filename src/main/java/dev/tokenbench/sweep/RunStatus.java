package dev.tokenbench.sweep;

import java.util.Locale;

/** Where one run (a configuration in one round) stands. */
public enum RunStatus {
    /** Not started, or started by a sweep that was killed before it finished: runs on the next start. */
    PENDING,
    /** Running now (only ever seen in the index while a sweep is alive, or after it was killed). */
    RUNNING,
    /** Finished with a result; never run again in this folder. */
    DONE,
    /** Finished without a result (crash, out of memory, timeout, engine error); run again on resume. */
    FAILED;

    /** The name in the index file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status a file names. */
    public static RunStatus of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
