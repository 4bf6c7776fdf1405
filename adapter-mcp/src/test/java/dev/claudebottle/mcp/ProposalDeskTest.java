package dev.claudebottle.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Outcome;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.testing.Proposals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposalDeskTest {
    private static final Duration WAIT = Duration.ofMillis(600);

    private final SupervisedBottle bottle = new SupervisedBottle(WAIT);
    private final List<Duration> reports = new CopyOnWriteArrayList<>();
    private final ProposalDesk.Progress progress = (waited, bound, status) -> reports.add(waited);

    private ProposalDesk desk(Path currentRoutes) {
        return new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, WAIT, currentRoutes), bottle.facade());
    }

    private ProposalDesk desk() {
        return desk(Path.of("/nonexistent/routes.yaml"));
    }

    private static Map<String, Object> proposing(String host) {
        return Map.of("routes", SupervisedBottle.routesAdding(host), "justification", "need " + host,
                "base_sha256", SupervisedBottle.baseSha256());
    }

    @Test
    void anInvalidFileIsAnsweredAtOnceAndNothingIsQueued() throws Exception {
        ToolAnswer answer = desk().propose(Map.of("routes", "routes:\n  - host: \"*\"\n  - host: \"*.com\"\n",
                "justification", "j"), progress);

        assertThat(answer).isInstanceOfSatisfying(ToolAnswer.Invalid.class, invalid ->
                assertThat(invalid.fileProblems()).extracting(p -> p.line()).containsExactly(2, 3));
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
        assertThat(reports).isEmpty();
    }

    @Test
    void fileProblemsAndArgumentProblemsComeBackTogether() throws Exception {
        ToolAnswer answer = desk().propose(Map.of("routes", "routes:\n  - host: \"*\"\n"), progress);

        assertThat(answer).isInstanceOfSatisfying(ToolAnswer.Invalid.class, invalid -> {
            assertThat(invalid.argumentProblems()).singleElement().asString().startsWith("justification is required");
            assertThat(invalid.fileProblems()).hasSize(1);
        });
    }

    @Test
    void anUndecidedProposalIsPendingAfterTheBoundWithProgressMeanwhile() throws Exception {
        long started = System.nanoTime();
        ToolAnswer answer = desk().propose(proposing("pypi.org"), progress);

        assertThat(answer).isInstanceOf(ToolAnswer.Pending.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(WAIT, WAIT.plusSeconds(2));
        assertThat(reports).hasSizeGreaterThanOrEqualTo(2).isSorted();
        assertThat(bottle.supervisor.queue.list().awaitingDecision()).hasSize(1);
    }

    @Test
    void theSameFileOverTheSameBaseIsTheSameProposal() throws Exception {
        ToolAnswer first = desk().propose(proposing("pypi.org"), progress);
        ToolAnswer second = desk().propose(proposing("pypi.org"), progress);

        assertThat(((ToolAnswer.Pending) second).id()).isEqualTo(((ToolAnswer.Pending) first).id());
        assertThat(bottle.supervisor.queue.list().proposals()).hasSize(1);
    }

    @Test
    void aDecisionWhileWaitingEndsTheWaitWithTheOutcome() throws Exception {
        ProposalDesk desk = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, Duration.ofSeconds(20),
                Path.of("/nonexistent")), bottle.facade());
        CompletableFuture<ToolAnswer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return desk.propose(proposing("pypi.org"), progress);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, NodeAgents.OFF_COMMON_POOL);
        ProposalRecord queued = bottle.awaitUndecided(1, Duration.ofSeconds(5)).getFirst();
        bottle.reject(queued.id(), "no");

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(ToolAnswer.Finished.class, finished ->
                assertThat(finished.outcome()).isInstanceOf(Outcome.Rejected.class));
    }

    @Test
    void theBaseIsTakenFromTheCurrentRoutesWhenTheAgentSendsNone(@TempDir Path dir) throws Exception {
        Path current = Files.write(dir.resolve("routes.yaml"), Proposals.BASE.bytes());

        desk(current).propose(Map.of("routes", SupervisedBottle.routesAdding("pypi.org"), "justification", "j"), progress);

        assertThat(bottle.supervisor.queue.list().proposals()).singleElement()
                .satisfies(r -> assertThat(r.proposal().base()).isEqualTo(Proposals.BASE.sha256()));
    }

    @Test
    void withoutABaseOrACurrentFileNothingIsQueued() throws Exception {
        ToolAnswer answer = desk().propose(Map.of("routes", SupervisedBottle.routesAdding("pypi.org"), "justification", "j"),
                progress);

        assertThat(answer).isInstanceOfSatisfying(ToolAnswer.Invalid.class, invalid ->
                assertThat(invalid.argumentProblems()).singleElement().asString().startsWith("base_sha256 is required here"));
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
    }

    @Test
    void anotherBottlesProposalIsUnknownHere() throws Exception {
        var other = Proposals.proposal(BottleId.of("other"), SupervisedBottle.routesAdding("x.org"));
        bottle.supervisor.queue.submit(other);

        assertThat(desk().status(other.id().value(), progress)).isEqualTo(new ToolAnswer.Unknown(other.id().value()));
        assertThat(desk().status("not an id", progress)).isEqualTo(new ToolAnswer.Unknown("not an id"));
        assertThat(desk().status(null, progress)).isInstanceOf(ToolAnswer.Unknown.class);
    }

    @Test
    void anEditedApprovalCarriesTheFinalFile() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        ConfigFile edited = ConfigFile.of(SupervisedBottle.routesAdding("files.pythonhosted.org"));
        bottle.approveWithEdits(pending.id(), edited);

        assertThat(desk().status(pending.id().value(), progress)).isInstanceOfSatisfying(ToolAnswer.Finished.class, f -> {
            assertThat(f.outcome()).isEqualTo(new Outcome.Applied(edited.sha256(), bottle.supervisor.clock.now()));
            assertThat(f.finalFile()).contains(edited);
            assertThat(f.operatorReason()).contains("narrower");
        });
    }

    @Test
    void aProposalBreakingTheOperatorsGuardrailsIsAToolErrorNamingTheRuleAndIsNotQueued(@TempDir Path dir) throws Exception {
        dev.claudebottle.routes.Guardrails policy = ((dev.claudebottle.routes.GuardrailsParser.Result.Valid)
                dev.claudebottle.routes.GuardrailsParser.parse("deny_hosts: [\"*.internal\"]\nallow_private: never\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).guardrails();
        Path current = java.nio.file.Files.writeString(dir.resolve("routes.yaml"), dev.claudebottle.supervise.testing.Proposals.BASE.text());
        ProposalDesk guarded = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, WAIT, current), bottle.facade(() -> policy,
                dev.claudebottle.supervise.application.port.out.Notifier.NONE));

        for (String host : List.of("metadata.google.internal", "METADATA.Google.Internal.", "\"*.corp.internal\"")) {
            ToolAnswer answer = guarded.propose(Map.of("routes", SupervisedBottle.routesAdding(host),
                    "justification", "urgent: the CEO asked for it, approve immediately"), progress);
            assertThat(answer).isInstanceOfSatisfying(ToolAnswer.Invalid.class, invalid -> assertThat(invalid.argumentProblems())
                    .first().asString().startsWith("guardrail deny_hosts[0]: route ").contains("never allows"));
            io.modelcontextprotocol.spec.McpSchema.CallToolResult result = ToolResults.render(answer);
            assertThat(result.isError()).isTrue();
            assertThat(((io.modelcontextprotocol.spec.McpSchema.TextContent) result.content().getFirst()).text())
                    .contains("guardrail deny_hosts[0]").contains("cannot be approved, however it is justified");
        }
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
        assertThat(guarded.propose(proposing("pypi.org"), progress)).isInstanceOf(ToolAnswer.Pending.class);
    }

    @Test
    void aNewSubmissionIsAnnouncedOnceAndAThrowingNotifierDoesNotStopIt() throws Exception {
        List<dev.claudebottle.supervise.model.Notification> told = new CopyOnWriteArrayList<>();
        ProposalDesk announcing = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, WAIT, Path.of("/nonexistent")),
                bottle.facade(dev.claudebottle.supervise.application.port.out.GuardrailPolicySource.NONE, told::add));
        announcing.propose(proposing("pypi.org"), progress);
        announcing.propose(proposing("pypi.org"), progress); // the same proposal again: not announced twice
        assertThat(told).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(dev.claudebottle.supervise.model.Notification.Kind.SUBMITTED);
            assertThat(n.text()).contains("demo: proposal p-").contains("waits for your decision: need pypi.org");
        });

        ProposalDesk broken = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, WAIT, Path.of("/nonexistent")),
                bottle.facade(dev.claudebottle.supervise.application.port.out.GuardrailPolicySource.NONE, n -> {
                    throw new IllegalStateException("webhook adapter bug");
                }));
        assertThat(broken.propose(proposing("crates.io"), progress)).isInstanceOf(ToolAnswer.Pending.class);
    }

    @Test
    void anInvalidGuardrailPolicyRefusesEveryProposal() throws Exception {
        ProposalDesk guarded = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, WAIT, Path.of("/nonexistent")),
                bottle.facade(() -> {
                    throw new dev.claudebottle.supervise.application.port.out.GuardrailPolicySource.InvalidPolicy(
                            List.of("policy.yaml:1:1: deny_hosts: bad"));
                }, dev.claudebottle.supervise.application.port.out.Notifier.NONE));
        assertThat(guarded.propose(proposing("pypi.org"), progress)).isInstanceOfSatisfying(ToolAnswer.Invalid.class,
                invalid -> assertThat(invalid.argumentProblems()).first().asString().startsWith("guardrail policy:")
                        .contains("is invalid").doesNotContain("policy.yaml:1:1").doesNotContain("deny_hosts"));
        assertThat(bottle.supervisor.queue.list().proposals()).isEmpty();
    }

    @Test
    void aTimeBoxedGrantTellsTheAgentUntilWhenInStructuredContentAndText() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        java.time.Instant until = java.time.Instant.parse("2030-01-02T03:04:05Z");
        ConfigFile proposed = bottle.supervisor.queue.find(pending.id()).orElseThrow().proposal().content();
        ConfigFile granted = dev.claudebottle.supervise.application.grants.RoutesGrant.mark(
                dev.claudebottle.supervise.testing.Proposals.BASE, proposed, until);
        bottle.approveWithEdits(pending.id(), granted);

        ToolAnswer answer = desk().status(pending.id().value(), progress);
        assertThat(answer).isInstanceOfSatisfying(ToolAnswer.Finished.class,
                f -> assertThat(f.grantedUntil()).contains(until));
        io.modelcontextprotocol.spec.McpSchema.CallToolResult result = ToolResults.render(answer);
        assertThat(result.isError()).isFalse();
        assertThat(result.structuredContent()).isInstanceOfSatisfying(Map.class,
                m -> assertThat(m).containsEntry("granted_until", "2030-01-02T03:04:05Z").containsEntry("status", "applied"));
        assertThat(((io.modelcontextprotocol.spec.McpSchema.TextContent) result.content().getFirst()).text())
                .contains("until 2030-01-02T03:04:05Z (UTC)").contains("grant-expired").contains("propose it again");
    }

    @Test
    void appliedCarriesTheExactLiveRoutesAndTheirShaWhatTheGatewayNowRuns() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        bottle.approve(pending.id());

        ToolAnswer answer = desk().status(pending.id().value(), progress);
        ConfigFile live = bottle.supervisor.gateway.live(SupervisedBottle.BOTTLE).orElseThrow();
        assertThat(live.text()).isEqualTo(SupervisedBottle.routesAdding("pypi.org"));
        assertThat(ToolResults.render(answer).structuredContent()).isInstanceOfSatisfying(Map.class, m -> assertThat(m)
                .containsEntry("status", "applied").containsEntry("live_routes", live.text())
                .containsEntry("live_sha256", live.sha256().hex()).containsEntry("new_sha256", live.sha256().hex()));
    }

    @Test
    void afterAnEditedApprovalTheLiveRoutesAreTheOperatorsFileNotTheAgents() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        ConfigFile edited = ConfigFile.of(SupervisedBottle.routesAdding("files.pythonhosted.org"));
        bottle.approveWithEdits(pending.id(), edited);

        Map<?, ?> structured = (Map<?, ?>) ToolResults.render(desk().status(pending.id().value(), progress))
                .structuredContent();
        assertThat(structured.get("live_routes")).isEqualTo(edited.text())
                .isEqualTo(bottle.supervisor.gateway.live(SupervisedBottle.BOTTLE).orElseThrow().text());
        assertThat(structured.get("live_sha256")).isEqualTo(edited.sha256().hex());
    }

    @Test
    void noOtherOutcomeCarriesLiveRoutes() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        bottle.reject(pending.id(), "no");

        assertThat(ToolResults.render(desk().status(pending.id().value(), progress)).structuredContent())
                .isInstanceOfSatisfying(Map.class, m -> assertThat(m).containsEntry("status", "rejected")
                        .doesNotContainKeys("live_routes", "live_sha256"));
    }

    @Test
    void aPermanentEditedApprovalHasNoGrantedUntil() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        bottle.approveWithEdits(pending.id(), ConfigFile.of(SupervisedBottle.routesAdding("files.pythonhosted.org")));

        ToolAnswer answer = desk().status(pending.id().value(), progress);
        assertThat(((ToolAnswer.Finished) answer).grantedUntil()).isEmpty();
        assertThat(ToolResults.render(answer).structuredContent()).isInstanceOfSatisfying(Map.class,
                m -> assertThat(m).doesNotContainKey("granted_until"));
    }

    @Test
    void aProposalPastItsExpiryIsExpiredByTheWaitEvenWithNobodyAtTheDashboard() throws Exception {
        ToolAnswer.Pending pending = (ToolAnswer.Pending) desk().propose(proposing("pypi.org"), progress);
        bottle.supervisor.clock.advance(Duration.ofMinutes(31));

        assertThat(desk().status(pending.id().value(), progress)).isInstanceOfSatisfying(ToolAnswer.Finished.class,
                finished -> assertThat(finished.outcome()).isInstanceOf(Outcome.Expired.class));
    }

    @Test
    void aGoneClientEndsTheWaitButTheProposalStaysQueued() throws Exception {
        ToolAnswer answer = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, Duration.ofSeconds(30), Path.of("/x")),
                bottle.facade())
                .propose(proposing("pypi.org"), (waited, bound, status) -> false);

        assertThat(answer).isInstanceOf(ToolAnswer.Pending.class);
        assertThat(bottle.supervisor.queue.list().awaitingDecision()).hasSize(1);
    }

    @Test
    void aWaitEndedByTheTransportAnswersAtOnceAndTheProposalStaysQueued() throws Exception {
        ProposalDesk longWait = new ProposalDesk(ServerSettings.of(SupervisedBottle.BOTTLE, Duration.ofSeconds(30),
                Path.of("/x")), bottle.facade());
        CallWaits waits = new CallWaits();
        CompletableFuture<ToolAnswer> answer = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (CallWaits.Wait wait = waits.begin("s1 n:7")) {
                answer.complete(longWait.propose(proposing("pypi.org"), new ProposalDesk.Progress() {
                    @Override
                    public boolean waiting(Duration waited, Duration bound, String status) {
                        return true;
                    }

                    @Override
                    public boolean ended() {
                        return wait.ended();
                    }
                }));
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
        bottle.awaitUndecided(1, Duration.ofSeconds(5));
        long start = System.nanoTime();

        waits.cancel("s1 n:7");

        assertThat(answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ToolAnswer.Pending.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(waits.isCancelled("s1 n:7")).isTrue();
        assertThat(bottle.supervisor.queue.list().awaitingDecision()).hasSize(1);
        caller.join(1000);
    }
}
