package dev.claudebottle.supervise.testing;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.supervise.application.port.out.VersionHistory;
import dev.claudebottle.supervise.model.AppliedVersion;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link VersionHistory} in memory. Thread-safe. */
public final class InMemoryVersionHistory implements VersionHistory {
    private final List<AppliedVersion> versions = new ArrayList<>();
    private final Map<String, ConfigFile> contents = new HashMap<>();

    @Override
    public synchronized void record(BottleId bottle, Component component, ConfigFile file, Instant at) {
        versions.add(new AppliedVersion(bottle, component, file.sha256(), at));
        contents.put(key(bottle, component, file.sha256()), file);
    }

    @Override
    public synchronized List<AppliedVersion> list(BottleId bottle, Component component) {
        return versions.stream().filter(v -> v.bottle().equals(bottle) && v.component().equals(component)).toList();
    }

    @Override
    public synchronized Optional<ConfigFile> find(BottleId bottle, Component component, Sha256 sha256) {
        return Optional.ofNullable(contents.get(key(bottle, component, sha256)));
    }

    private static String key(BottleId bottle, Component component, Sha256 sha256) {
        return bottle + "/" + component + "/" + sha256.hex();
    }
}
