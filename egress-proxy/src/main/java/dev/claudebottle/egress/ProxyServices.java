package dev.claudebottle.egress;

/**
 * What every client connection shares: the live policy, the CA, the upstream connector, the decision log, the connection
 * tracker, the limits and who may use the proxy.
 */
record ProxyServices(
        LivePolicy policy,
        CertificateAuthority ca,
        UpstreamConnector connector,
        DecisionLog decisions,
        ConnectionTracker connections,
        ProxyOptions.Limits limits,
        ProxyAuthentication authentication) {

    ProxyServices(LivePolicy policy, CertificateAuthority ca, UpstreamConnector connector, DecisionLog decisions,
            ConnectionTracker connections, ProxyOptions.Limits limits) {
        this(policy, ca, connector, decisions, connections, limits, ProxyAuthentication.none());
    }
}
