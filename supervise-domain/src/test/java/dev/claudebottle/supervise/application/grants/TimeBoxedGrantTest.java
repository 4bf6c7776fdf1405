package dev.claudebottle.supervise.application.grants;

import dev.claudebottle.supervise.application.changes.ApplyProposalCommand;
import dev.claudebottle.supervise.application.changes.OperatorEditCommand;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.TestSupervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A time-boxed grant: marked at approval, read back for the agent, reverted (exactly) by the sweep once it ended. */
class TimeBoxedGrantTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final Operator ALICE = Operator.of("alice");
    private static final ConfigFile BASE = ConfigFile.of("""
            routes:
              - host: api.github.com
                path_allowlist: [/repos/acme/**]
                auth: {header: Authorization, secret: GITHUB_TOKEN, prefix: "Bearer "}
              - host: example.org
            """);
    /** Widens the credential route and adds a host; keeps example.org as it is. */
    private static final ConfigFile PROPOSED = ConfigFile.of("""
            {"routes": [{"host": "api.github.com", "path_allowlist": ["/repos/acme/**", "/user"],
                         "auth": {"header": "Authorization", "secret": "GITHUB_TOKEN", "prefix": "Bearer "}},
                        {"host": "example.org"}, {"host": "pypi.org", "methods": ["GET"]}]}
            """);

    private final TestSupervisor supervisor = TestSupervisor.withValidator(TestSupervisor.ROUTES_VALIDATOR);
    private final ExpireGrants grants = new ExpireGrants(supervisor.tools, supervisor.audit, supervisor.locks,
            supervisor.history, supervisor.clock, supervisor.gateway::bottlesRunning, supervisor.configs);

    @BeforeEach
    void startBottle() {
        supervisor.gateway.startBottle(DEMO, BASE);
    }

    private ConfigFile live() throws Exception {
        return supervisor.gateway.current(DEMO, Component.EGRESS_PROXY);
    }

    /** Submits PROPOSED, approves it for 30 minutes as `bottle approve --for 30m` does, applies it. */
    private Instant grantFor30Minutes() throws Exception {
        ProposalRecord record = ((SubmitResult.Queued) supervisor.submit.submit(new SubmitProposalCommand(DEMO,
                ToolId.EGRESS_PROXY_BLOCK, PROPOSED, "need pypi and /user", BASE.sha256(), Optional.empty()))).record();
        Instant until = supervisor.clock.now().plus(Duration.ofMinutes(30));
        ConfigFile marked = RoutesGrant.mark(live(), PROPOSED, until);
        supervisor.decide.decide(DecideProposalCommand.approveWithEdits(record.id(), ALICE, Optional.of("granted until " + until),
                marked, BASE.sha256()));
        supervisor.apply.apply(new ApplyProposalCommand(record.id()));
        assertThat(supervisor.queue.find(record.id()).orElseThrow().outcome()).get().isInstanceOf(Outcome.Applied.class);
        assertThat(RoutesGrant.grantedUntil(PROPOSED, live())).contains(until);
        return until;
    }

    @Test
    void approvalMarksOnlyTheRoutesTheProposalAddsOrChanges() throws Exception {
        Instant until = grantFor30Minutes();
        String text = live().text();
        assertThat(text).isEqualTo("""
                version: 1
                routes:
                  - host: api.github.com
                    path_allowlist:
                      - /repos/acme/**
                      - /user
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                    expires: "%1$s"
                  - host: example.org
                  - host: pypi.org
                    methods: [GET]
                    expires: "%1$s"
                """.formatted(until.toString().replace(".000", "")));
    }

    @Test
    void theSweepDoesNothingBeforeTheEndAndThenRevertsExactlyTheGrantKeepingALaterChange() throws Exception {
        Instant until = grantFor30Minutes();
        supervisor.clock.advance(Duration.ofMinutes(29));
        assertThat(grants.sweepAll()).isEmpty();

        // A later change by the operator: a new permanent host.
        String later = live().text() + "  - host: crates.io\n";
        supervisor.edit.apply(new OperatorEditCommand(DEMO, Component.EGRESS_PROXY, ConfigFile.of(later),
                Optional.of(live().sha256()), ALICE, Optional.empty()));
        int before = supervisor.audit.entries().size();

        supervisor.clock.advance(Duration.ofMinutes(1));
        assertThat(grants.sweepAll()).containsExactly(DEMO);

        assertThat(live().text()).isEqualTo("""
                version: 1
                routes:
                  - host: api.github.com
                    path_allowlist:
                      - /repos/acme/**
                    auth:
                      header: Authorization
                      secret: GITHUB_TOKEN
                      prefix: "Bearer "
                  - host: example.org
                  - host: crates.io
                """);
        assertThat(supervisor.audit.entries()).hasSize(before + 1);
        AuditEntry entry = supervisor.audit.entries().getLast();
        assertThat(entry.action()).isEqualTo(AuditAction.GRANT_EXPIRED);
        assertThat(entry.action().word()).isEqualTo("grant-expired");
        assertThat(entry.operator()).contains(Operator.SYSTEM);
        assertThat(entry.reason().orElseThrow())
                .contains("api.github.com:443 (granted until " + until.toString().replace(".000", "") + "): restored as it was before the grant")
                .contains("pypi.org:443 (granted until").contains(": removed");
        assertThat(entry.diff().orElseThrow()).contains("-      - /user").contains("-  - host: pypi.org");

        assertThat(grants.sweepAll()).as("a second sweep finds nothing to do").isEmpty();
        assertThat(supervisor.audit.entries()).hasSize(before + 1);
    }

    @Test
    void aLaterNarrowingIsNeverUndoneByRestoringTheWiderPreGrantRoute() throws Exception {
        grantFor30Minutes();
        // The operator narrows the granted route below what it allowed before the grant (drops /repos/acme/**).
        String narrowed = live().text().replace("      - /repos/acme/**\n", "");
        supervisor.edit.apply(new OperatorEditCommand(DEMO, Component.EGRESS_PROXY, ConfigFile.of(narrowed),
                Optional.of(live().sha256()), ALICE, Optional.empty()));

        supervisor.clock.advance(Duration.ofMinutes(31));
        assertThat(grants.sweepAll()).containsExactly(DEMO);

        assertThat(live().text()).doesNotContain("api.github.com").doesNotContain("pypi.org").contains("example.org");
        assertThat(supervisor.audit.entries().getLast().reason().orElseThrow())
                .contains("api.github.com:443").contains("was not restored because a later change narrowed the route");
    }

    @Test
    void aProposalThatOnlyNarrowsCannotBeTimeBoxed() throws Exception {
        ConfigFile narrower = ConfigFile.of("routes:\n  - host: example.org\n");
        assertThatThrownBy(() -> RoutesGrant.mark(live(), narrower, supervisor.clock.now().plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to time-box");
    }

    @Test
    void anApprovalWithoutTimeHasNoGrantedUntil() throws Exception {
        assertThat(RoutesGrant.grantedUntil(PROPOSED, PROPOSED)).isEmpty();
    }
}
