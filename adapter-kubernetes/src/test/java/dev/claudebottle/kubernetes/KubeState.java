package dev.claudebottle.kubernetes;

import java.util.UUID;

/** Fresh state instance names, so tests sharing one API server never see each other's bottles. */
final class KubeState {
    private KubeState() {}

    static String freshInstance() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
