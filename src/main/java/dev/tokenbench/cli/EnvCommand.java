package dev.tokenbench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tokenbench.measure.EnvironmentFacts;
import dev.tokenbench.measure.ResultJson;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code env}: prints, as JSON, the machine and software facts that every result carries. */
@Command(name = "env", description = "Prints, as JSON, the machine and software facts every result carries.")
final class EnvCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        spec.commandLine().getOut().println(ResultJson.mapper().writeValueAsString(EnvironmentFacts.collect()));
        return ExitCodes.OK;
    }
}
