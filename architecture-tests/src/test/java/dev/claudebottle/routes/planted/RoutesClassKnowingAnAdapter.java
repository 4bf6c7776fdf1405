package dev.claudebottle.routes.planted;

import dev.claudebottle.store.planted.StoreClassKnowingDocker;

/** A planted violation: the innermost model depending on an adapter. */
public class RoutesClassKnowingAnAdapter {
    public StoreClassKnowingDocker store;
}
