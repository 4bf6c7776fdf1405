package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalRecord;
import dev.claudebottle.supervise.model.ProposalStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Auto-approval rules: off by default; when named, only the declared-harmless change is approved, audited with the rule. */
class AutoApprovalTest {
    static final ConfigFile LIVE = ConfigFile.of("""
            routes:
              - host: api.example.com
                path_allowlist: [/docs/**]
                methods: [GET]
              - host: api.github.com
                path_allowlist: [/repos/acme/**]
                methods: [GET]
                auth: {header: Authorization, secret: GITHUB_TOKEN}
            """);

    @TempDir
    Path home;

    private DeskFixture fixture;

    @BeforeEach
    void live() {
        fixture = new DeskFixture(home);
        fixture.gateway.overwrite(DeskFixture.BOTTLE, LIVE);
    }

    private CliRun bottle(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = BottleCli.newCommandLine(() -> fixture.desk);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    private ProposalRecord propose(String from, String to) {
        return fixture.submitOver(LIVE, LIVE.text().replace(from, to), "read the API docs");
    }

    private List<AuditEntry> entries() {
        return fixture.store.auditLog().read(Optional.empty()).records().stream().map(r -> r.entry()).toList();
    }

    @Test
    void offByDefaultEvenForTheHarmlessChange() throws Exception {
        Files.writeString(home.resolve("policy.yaml"), "deny_hosts: [\"*.internal\"]\n");
        ProposalRecord harmless = propose("[/docs/**]", "[/docs/**, /reference/**]");
        bottle("proposals");
        assertThat(fixture.record(harmless).status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void aNamedRuleApprovesReadOnlyPathsOnAnAllowedHostAndNothingElse() throws Exception {
        Files.writeString(home.resolve("policy.yaml"), "auto_approve: [read_only_paths_on_allowed_host]\n");
        ProposalRecord harmless = propose("[/docs/**]", "[/docs/**, /reference/**]");
        ProposalRecord newHost = fixture.submitOver(LIVE, LIVE.text() + "  - host: pypi.org\n    methods: [GET]\n", "pip");
        ProposalRecord credentialRoute = propose("[/repos/acme/**]", "[/repos/acme/**, /user]");
        ProposalRecord writeMethod = propose("path_allowlist: [/docs/**]\n    methods: [GET]",
                "path_allowlist: [/docs/**, /upload]\n    methods: [GET, POST]");

        CliRun run = bottle("proposals", "--all");

        assertThat(run.exitCode()).isZero();
        assertThat(fixture.record(harmless).status()).isEqualTo(ProposalStatus.APPLIED);
        assertThat(fixture.gateway.live(DeskFixture.BOTTLE))
                .contains(harmless.proposal().content());
        for (ProposalRecord waiting : List.of(newHost, credentialRoute, writeMethod)) {
            assertThat(fixture.record(waiting).status()).as(waiting.proposal().content().text()).isEqualTo(ProposalStatus.PENDING);
        }
        AuditEntry auto = entries().stream().filter(e -> e.action() == AuditAction.AUTO_APPROVED).findFirst().orElseThrow();
        assertThat(auto.action().word()).isEqualTo("auto-approved");
        assertThat(auto.operator()).contains(Operator.AUTO);
        assertThat(auto.reason()).contains("rule read_only_paths_on_allowed_host of the operator's policy");
        assertThat(entries()).extracting(AuditEntry::action).contains(AuditAction.APPLIED);
        assertThat(bottle("audit").out()).contains("auto-approved").contains("read_only_paths_on_allowed_host");
    }

    @Test
    void aGuardrailStillWinsOverAnAutoApprovalRule() throws Exception {
        Files.writeString(home.resolve("policy.yaml"), "auto_approve: [read_only_paths_on_allowed_host]\n"
                + "deny_hosts: [api.example.com]\n");
        ProposalRecord harmless = propose("[/docs/**]", "[/docs/**, /reference/**]");
        bottle("proposals");
        assertThat(fixture.record(harmless).status()).isEqualTo(ProposalStatus.PENDING);
    }

    @Test
    void anUnknownRuleIsAPolicyErrorWithItsPosition() throws Exception {
        Files.writeString(home.resolve("policy.yaml"), "auto_approve: [everything]\n");
        ProposalRecord harmless = propose("[/docs/**]", "[/docs/**, /reference/**]");
        bottle("proposals");
        assertThat(fixture.record(harmless).status()).isEqualTo(ProposalStatus.PENDING);
        assertThat(bottle("approve", harmless.id().value()).err())
                .contains("policy.yaml:1:16: auto_approve[0]: unknown auto-approval rule `everything`");
    }
}
