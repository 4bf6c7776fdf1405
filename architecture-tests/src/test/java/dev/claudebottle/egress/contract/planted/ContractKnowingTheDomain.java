package dev.claudebottle.egress.contract.planted;

import dev.claudebottle.supervise.planted.DomainClassUsingAFramework;

/** A planted violation: the egress-proxy contract (carried by the sidecar) depending on supervise-domain. */
public class ContractKnowingTheDomain {
    public DomainClassUsingAFramework domain;
}
