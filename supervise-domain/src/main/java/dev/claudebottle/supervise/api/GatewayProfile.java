package dev.claudebottle.supervise.api;

/**
 * How one gateway stands among the others, as it registers itself (so no other code names a gateway): which one
 * {@link BottleDesk#choose} prefers for a new bottle, which one is asked first when a bottle's component is looked up,
 * and whether its bottles' components run as processes of this machine.
 *
 * @param launchPreference higher is preferred by {@link BottleDesk#choose} among the gateways whose runtime answers
 * @param lookupOrder lower is asked first when a bottle is routed to the gateway running it (cheap lookups first)
 * @param onHost whether an agent on this machine reaches the bottle's components directly (no agent container)
 */
public record GatewayProfile(int launchPreference, int lookupOrder, boolean onHost) {
    /** A gateway that registered no profile: least preferred, asked last, components not on this host. */
    public static final GatewayProfile DEFAULT = new GatewayProfile(Integer.MIN_VALUE, Integer.MAX_VALUE, false);
}
