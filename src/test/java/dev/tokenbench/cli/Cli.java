package dev.tokenbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a tokenbench command line in-process for tests and captures its exit code and both streams. */
record Cli(int exitCode, String out, String err) {

    static Cli execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Cli(exitCode, out.toString(), err.toString());
    }
}
