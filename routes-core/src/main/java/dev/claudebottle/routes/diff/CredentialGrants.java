package dev.claudebottle.routes.diff;

import dev.claudebottle.routes.Route;
import dev.claudebottle.routes.Routes;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which routes (by key) each secret is sent to, in one routes policy. */
final class CredentialGrants {
    private final Map<String, Set<String>> keysBySecret = new HashMap<>();

    private CredentialGrants() {}

    static CredentialGrants of(Routes routes) {
        CredentialGrants grants = new CredentialGrants();
        for (Route route : routes.routes()) {
            route.auth().ifPresent(auth ->
                    grants.keysBySecret.computeIfAbsent(auth.secretName(), s -> new TreeSet<>()).add(route.key()));
        }
        return grants;
    }

    /** The keys of the routes that get {@code secret}, other than {@code exceptKey}, sorted. */
    Set<String> keysSending(String secret, String exceptKey) {
        Set<String> keys = new TreeSet<>(keysBySecret.getOrDefault(secret, Set.of()));
        keys.remove(exceptKey);
        return keys;
    }
}
