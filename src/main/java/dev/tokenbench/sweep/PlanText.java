package dev.tokenbench.sweep;

import java.util.List;
import java.util.Locale;

/** The {@code --dry-run} text: the sweep, its configurations with their shard and estimate, and the time per shard. */
public final class PlanText {

    private PlanText() {
    }

    /** Renders the plan of {@code planned}. */
    public static String render(SweepRunner.Planned planned) {
        SweepSpec spec = planned.spec();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Sweep %s (%s, %s)%n", spec.name(), spec.source(), SpecHash.hash(spec).substring(0, 19)));
        text.append(String.format(Locale.ROOT, "%d configurations x %d rounds = %d runs; seeded order per round (seed %d);"
                + " JMH %s; timeout %s per run%n", planned.all().size(), spec.rounds(), planned.all().size() * spec.rounds(), spec.seed(),
                String.join(" ", spec.jmh().jmhArguments()), SweepProgress.duration(spec.timeout().toSeconds())));
        String source = planned.estimate().fromTimings() ? "from the previous run's timings where measured, the workload model scaled"
                + " to them elsewhere" : "from the workload model (no previous timings)";
        text.append("Estimates are ").append(source).append(".\n\n");
        int width = planned.all().stream().mapToInt(configuration -> configuration.id().length()).max().orElse(13);
        text.append(String.format(Locale.ROOT, "%-" + width + "s  %5s  %12s%n", "configuration", "shard", "est. s/round"));
        for (Configuration configuration : planned.all()) {
            int shard = shardOf(planned.shards(), configuration);
            String mark = planned.shard().count() > 1 && shard == planned.shard().index() ? "*" : " ";
            text.append(String.format(Locale.ROOT, "%-" + width + "s  %4s%s  %12.1f%n", configuration.id(), shard + "/" + planned.shards().size(),
                    mark, planned.estimate().estimateSeconds(configuration)));
        }
        text.append('\n');
        for (int i = 0; i < planned.shards().size(); i++) {
            List<Configuration> shard = planned.shards().get(i);
            double seconds = spec.rounds() * planned.estimate().estimateSeconds(shard);
            text.append(String.format(Locale.ROOT, "shard %d/%d: %d configurations, %d runs, estimated %s%s%n", i + 1, planned.shards().size(),
                    shard.size(), shard.size() * spec.rounds(), SweepProgress.duration(seconds),
                    planned.shards().size() > 1 && i + 1 == planned.shard().index() ? "  <- this shard (*)" : ""));
        }
        return text.toString();
    }

    private static int shardOf(List<List<Configuration>> shards, Configuration configuration) {
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).contains(configuration)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(configuration.id() + " is in no shard");
    }
}
