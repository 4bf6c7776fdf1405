package dev.claudebottle.egress.planted;

import dev.claudebottle.supervise.planted.DomainClassUsingAFramework;

/** A planted violation: the proxy sidecar depending on supervise-domain. */
public class ProxyClassKnowingTheDomain {
    public DomainClassUsingAFramework domain;
}
