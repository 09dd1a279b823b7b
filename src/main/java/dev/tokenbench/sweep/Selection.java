package dev.tokenbench.sweep;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A part of the grid named by some axes: an exclusion removes every configuration it matches; an inclusion adds
 * the grid of its values, with every axis it does not name taking the spec's axis values.
 *
 * @param key    where it is written, e.g. {@code exclude[0]}, for error messages
 * @param values axis to the values it names (each list non-empty)
 */
public record Selection(String key, Map<SweepAxis, List<String>> values) {

    public Selection {
        Objects.requireNonNull(key, "key");
        Map<SweepAxis, List<String>> copy = new EnumMap<>(SweepAxis.class);
        values.forEach((axis, list) -> copy.put(axis, List.copyOf(list)));
        values = Collections.unmodifiableMap(copy);
    }

    /** Whether {@code configuration} has one of the named values on every named axis. */
    public boolean matches(Configuration configuration) {
        for (Map.Entry<SweepAxis, List<String>> entry : values.entrySet()) {
            if (!entry.getValue().contains(configuration.value(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
