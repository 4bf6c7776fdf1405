package dev.claudebottle.kubernetes;

import dev.claudebottle.supervise.application.changes.ApplyProposal;
import dev.claudebottle.supervise.application.changes.ApplyProposalCommand;
import dev.claudebottle.supervise.application.changes.ApplyResult;
import dev.claudebottle.supervise.application.proposals.DecideProposal;
import dev.claudebottle.supervise.application.proposals.DecideProposalCommand;
import dev.claudebottle.supervise.application.proposals.DecideResult;
import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.testing.FakeComponentConfigs;
import dev.claudebottle.supervise.testing.Proposals;
import dev.claudebottle.supervise.testing.TestSupervisor;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.supervise.tool.Validation;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A separate operator or agent process on the shared API server, with its own kubeconfig file, for the
 * cross-process tests. Modes: {@code dashboard} lists the queue over and over like the dashboard does and prints
 * when a proposal becomes visible and when it is decided; {@code approve} approves a proposal through the domain's
 * DecideProposal when told to go; {@code await} waits for a proposal's outcome like the supervise server does;
 * {@code hold-lock} takes a bottle's lock and keeps it until killed. Times are printed as epoch milliseconds.
 */
public final class KubeWorker {
    private KubeWorker() {}

    public static void main(String[] args) throws Exception {
        String kubeconfig = Files.readString(Path.of(args[1]));
        String instance = args[2];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            KubernetesStore store = KubernetesStore.open(client, instance, Duration.ofSeconds(2));
            switch (args[0]) {
                case "dashboard" -> dashboard(store, ProposalId.parse(args[3]), out);
                case "approve" -> approve(store, ProposalId.parse(args[3]), Operator.of(args[4]), out);
                case "await" -> {
                    ProposalId id = ProposalId.parse(args[3]);
                    store.queue().find(id).orElseThrow();
                    out.println("ready");
                    Optional<?> outcome = store.queue().awaitOutcome(id, Duration.ofSeconds(60));
                    out.println("woken " + System.currentTimeMillis() + " " + outcome.isPresent());
                }
                case "hold-lock" -> {
                    try (var held = store.locks().lock(BottleId.of(args[3]))) {
                        out.println("ready");
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void dashboard(KubernetesStore store, ProposalId id, PrintStream out) throws InterruptedException {
        store.queue().list();
        out.println("ready");
        boolean visible = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProposalRecord> record = store.queue().list().proposals().stream()
                    .filter(r -> r.id().equals(id)).findFirst();
            long now = System.currentTimeMillis();
            if (record.isPresent() && !visible) {
                visible = true;
                out.println("visible " + now);
            }
            if (record.flatMap(ProposalRecord::decision).isPresent()) {
                out.println("decided " + now + " " + record.get().decision().get().operator().name());
                return;
            }
            Thread.sleep(20);
        }
        out.println("timeout");
    }

    /**
     * Approves and then applies {@code id} through the domain's DecideProposal and ApplyProposal (the bottle's
     * component is this process's fake gateway, live file {@link Proposals#BASE}); prints "decide ..." and
     * "apply ..." with the result types.
     */
    private static void approve(KubernetesStore store, ProposalId id, Operator operator, PrintStream out) throws Exception {
        FakeComponentConfigs gateway = new FakeComponentConfigs(file -> new Validation.Valid(), Clock.SYSTEM);
        ToolRegistry tools = ToolRegistry.of(TestSupervisor.tool(file -> new Validation.Valid()));
        ProposalRecord record = store.queue().find(id).orElseThrow();
        gateway.startBottle(record.proposal().bottle(), Proposals.BASE);
        DecideProposal decide = new DecideProposal(tools, store.queue(), store.auditLog(), Clock.SYSTEM);
        ApplyProposal apply = new ApplyProposal(tools, store.queue(), store.auditLog(), store.locks(), store.history(),
                Clock.SYSTEM, gateway);
        out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (!"go".equals(in.readLine())) {
            return;
        }
        DecideResult decided = decide.decide(DecideProposalCommand.approve(id, operator, Optional.empty()));
        out.println("decide " + decided.getClass().getSimpleName());
        ApplyResult applied = apply.apply(new ApplyProposalCommand(id));
        out.println("apply " + applied.getClass().getSimpleName());
    }

    /** Submits the way the supervise server does (used by the tests in-process). */
    static ProposalId submit(KubernetesStore store, BottleId bottle, String host) {
        ToolRegistry tools = ToolRegistry.of(TestSupervisor.tool(file -> new Validation.Valid()));
        SubmitProposal submit = new SubmitProposal(tools, store.queue(), store.auditLog(), Clock.SYSTEM,
                ProposalPolicy.DEFAULT);
        SubmitResult result = submit.submit(new SubmitProposalCommand(bottle, ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(Proposals.routesAdding(host)), "need " + host, Proposals.BASE.sha256(), Optional.empty()));
        return ((SubmitResult.Queued) result).record().id();
    }
}
