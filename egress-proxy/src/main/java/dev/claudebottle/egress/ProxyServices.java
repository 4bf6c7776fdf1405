package dev.claudebottle.egress;

/** What every client connection shares: the live policy, the CA, the upstream connector, the decision log and the connection tracker. */
record ProxyServices(
        LivePolicy policy,
        CertificateAuthority ca,
        UpstreamConnector connector,
        DecisionLog decisions,
        ConnectionTracker connections,
        ProxyOptions.Limits limits) {}
