package dev.claudebottle.supervise.application.changes;

import dev.claudebottle.supervise.api.RollBackResult;
import dev.claudebottle.supervise.api.ChangeResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's own edits and rollbacks go through the same pipeline as approvals. */
class OperatorChangesTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Operator ALICE = Operator.of("alice");
    private static final ConfigFile V2 = ConfigFile.of(Proposals.routesAdding("pypi.org"));
    private static final ConfigFile V3 = ConfigFile.of(Proposals.routesAdding("crates.io"));

    private final TestSupervisor supervisor = TestSupervisor.withMarkerValidator();

    @BeforeEach
    void startBottle() {
        supervisor.gateway.startBottle(DEMO, Proposals.BASE);
    }

    @Test
    void anOperatorEditBecomesLiveAndIsAuditedAsEdited() throws Exception {
        ChangeResult result = edit(V2, Optional.of(Proposals.BASE.sha256()));

        assertThat(result).isInstanceOf(ChangeResult.Changed.class);
        assertThat(live()).isEqualTo(V2);
        AuditEntry entry = supervisor.audit.entries().getLast();
        assertThat(entry.action()).isEqualTo(AuditAction.EDITED);
        assertThat(entry.tool()).isEmpty();
        assertThat(entry.operator()).contains(ALICE);
        assertThat(entry.baseSha256()).contains(Proposals.BASE.sha256());
        assertThat(entry.newSha256()).contains(V2.sha256());
    }

    @Test
    void anEditMadeAgainstAnOlderFileIsRefusedAsStale() throws Exception {
        edit(V2, Optional.empty());

        ChangeResult result = edit(V3, Optional.of(Proposals.BASE.sha256()));

        assertThat(result).isEqualTo(new ChangeResult.Stale(Proposals.BASE.sha256(), V2.sha256()));
        assertThat(live()).isEqualTo(V2);
        assertThat(supervisor.audit.entries()).hasSize(1);
    }

    @Test
    void anInvalidOrUnchangedEditChangesNothing() throws Exception {
        assertThat(edit(ConfigFile.of("INVALID"), Optional.empty())).isInstanceOf(ChangeResult.Invalid.class);
        assertThat(edit(Proposals.BASE, Optional.empty())).isInstanceOf(ChangeResult.Unchanged.class);

        assertThat(supervisor.gateway.operations()).isEmpty();
        assertThat(supervisor.audit.entries()).isEmpty();
    }

    @Test
    void rollingBackRestoresTheVersionBeforeTheCurrentOne() throws Exception {
        edit(V2, Optional.empty());
        edit(V3, Optional.empty());

        RollBackResult result = supervisor.rollBack.rollBack(
                new RollBackCommand(DEMO, Component.EGRESS_PROXY, Optional.empty(), ALICE, Optional.of("v3 broke pip")));

        assertThat(result).isInstanceOfSatisfying(RollBackResult.Attempted.class, attempted -> {
            assertThat(attempted.target()).isEqualTo(V2.sha256());
            assertThat(attempted.change()).isInstanceOf(ChangeResult.Changed.class);
        });
        assertThat(live()).isEqualTo(V2);
        assertThat(supervisor.audit.entries().getLast().action()).isEqualTo(AuditAction.ROLLED_BACK);
        assertThat(supervisor.audit.entries().getLast().reason()).contains("v3 broke pip");
    }

    @Test
    void rollingBackTwiceTogglesBetweenTheLastTwoVersions() throws Exception {
        edit(V2, Optional.empty());
        RollBackCommand back = new RollBackCommand(DEMO, Component.EGRESS_PROXY, Optional.empty(), ALICE, Optional.empty());

        supervisor.rollBack.rollBack(back);
        assertThat(live()).isEqualTo(Proposals.BASE);
        supervisor.rollBack.rollBack(back);
        assertThat(live()).isEqualTo(V2);
    }

    @Test
    void rollingBackToAChosenVersionByItsSha256() throws Exception {
        edit(V2, Optional.empty());
        edit(V3, Optional.empty());

        supervisor.rollBack.rollBack(new RollBackCommand(DEMO, Component.EGRESS_PROXY,
                Optional.of(Proposals.BASE.sha256()), ALICE, Optional.empty()));

        assertThat(live()).isEqualTo(Proposals.BASE);
    }

    @Test
    void rollingBackWithNoHistorySaysThereIsNothingToGoBackTo() throws Exception {
        RollBackResult result = supervisor.rollBack.rollBack(
                new RollBackCommand(DEMO, Component.EGRESS_PROXY, Optional.empty(), ALICE, Optional.empty()));

        assertThat(result).isInstanceOfSatisfying(RollBackResult.NoSuchVersion.class,
                none -> assertThat(none.message()).contains("no earlier version of routes.yaml"));
        assertThat(supervisor.audit.entries()).isEmpty();
    }

    private ChangeResult edit(ConfigFile content, Optional<dev.claudebottle.routes.Sha256> against) throws Exception {
        return supervisor.edit.apply(new OperatorEditCommand(DEMO, Component.EGRESS_PROXY, content, against, ALICE,
                Optional.empty()));
    }

    private ConfigFile live() {
        return supervisor.gateway.live(DEMO).orElseThrow();
    }
}
