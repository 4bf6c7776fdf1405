package dev.claudebottle.kubernetes.planted;

import dev.claudebottle.store.planted.StoreClassKnowingDocker;

/** A planted violation: the Kubernetes adapter depending on the file store adapter. */
public class KubernetesClassKnowingTheFileStore {
    public StoreClassKnowingDocker store;
}
