package dev.claudebottle.supervise.application;

import dev.claudebottle.supervise.application.changes.ApplyProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.routes.Problem;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The whole loop with routes-core's parser on both sides: the supervisor's validation and the proxy's reload. */
class RoutesCoreRoundTripTest {
    private static final BottleId DEMO = BottleId.of("demo");
    private static final ConfigFile BASE = ConfigFile.of("""
            version: 1
            routes:
              - host: api.github.com
                auth: {header: Authorization, secret: GITHUB_TOKEN, prefix: "Bearer "}
            """);

    private final TestSupervisor supervisor = TestSupervisor.withValidator(TestSupervisor.ROUTES_VALIDATOR);

    @Test
    void anAgentsJsonProposalIsAppliedByteForByte() throws Exception {
        supervisor.gateway.startBottle(DEMO, BASE);
        ConfigFile proposed = ConfigFile.of("""
                {"routes": [{"host": "api.github.com",
                             "auth": {"header": "Authorization", "secret": "GITHUB_TOKEN", "prefix": "Bearer "}},
                            {"host": "pypi.org", "methods": ["GET"]}]}
                """);

        SubmitResult submitted = supervisor.submit.submit(new SubmitProposalCommand(DEMO, ToolId.EGRESS_PROXY_BLOCK,
                proposed, "pip install needs pypi.org", BASE.sha256(), Optional.of("https://pypi.org/simple/")));
        ProposalRecord record = ((SubmitResult.Queued) submitted).record();
        supervisor.decide.decide(DecideProposalCommand.approve(record.id(), Operator.of("alice"), Optional.empty()));
        supervisor.apply.apply(new ApplyProposalCommand(record.id()));

        assertThat(supervisor.queue.find(record.id()).orElseThrow().outcome())
                .contains(new Outcome.Applied(proposed.sha256(), supervisor.clock.now()));
        assertThat(supervisor.gateway.live(DEMO)).contains(proposed);
        assertThat(supervisor.audit.entries()).extracting(AuditEntry::action)
                .containsExactly(AuditAction.SUBMITTED, AuditAction.APPROVED, AuditAction.APPLIED);
    }

    @Test
    void anInvalidProposalComesBackWithEveryProblemLocated() {
        ConfigFile proposed = ConfigFile.of("""
                routes:
                  - host: "*.com"
                  - host: pypi.org
                    auth: {header: Authorization}
                """);

        SubmitResult result = supervisor.submit.submit(new SubmitProposalCommand(DEMO, ToolId.EGRESS_PROXY_BLOCK,
                proposed, "need it", BASE.sha256(), Optional.empty()));

        assertThat(result).isInstanceOfSatisfying(SubmitResult.Invalid.class, invalid -> {
            assertThat(invalid.problems()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(invalid.problems()).extracting(Problem::path)
                    .anyMatch(path -> path.startsWith("routes[0].host"))
                    .anyMatch(path -> path.startsWith("routes[1].auth"));
            assertThat(invalid.problems()).allSatisfy(p -> assertThat(p.line()).isBetween(2, 4));
        });
        assertThat(supervisor.queue.list().proposals()).isEmpty();
    }
}
