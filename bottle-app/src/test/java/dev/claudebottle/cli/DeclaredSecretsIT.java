package dev.claudebottle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claudebottle.supervise.application.proposals.ProposalPolicy;
import dev.claudebottle.supervise.application.proposals.SubmitProposal;
import dev.claudebottle.supervise.application.proposals.SubmitProposalCommand;
import dev.claudebottle.supervise.api.SubmitResult;
import dev.claudebottle.supervise.application.port.out.Clock;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.ConfigFile;
import dev.claudebottle.supervise.model.ToolId;
import dev.claudebottle.supervise.tool.ToolRegistry;
import dev.claudebottle.tools.egressproxy.EgressProxyBlock;
import dev.claudebottle.store.FileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 items 6 and 7 on a real local bottle ({@code bin/bottle up --gateway local --secret}):
 * the operator's shell holds credentials of its own; only the declared one reaches the proxy, only
 * the proxy holds it, no child's environment holds any, and a proposal naming an undeclared secret
 * is flagged in review and refused by the proxy once applied.
 */
class DeclaredSecretsIT {
    private static final String BOTTLE = "secrets-it";
    private static final String DECLARED_VALUE = "ghp-declared-for-the-bottle-5e2a";
    private static final String AWS_VALUE = "aws-operator-shell-key-77c0";
    private static final String START = "version: 1\nroutes:\n  - host: api.github.com\n";
    private static final Map<String, String> SHELL = Map.of("IT_GITHUB_TOKEN", DECLARED_VALUE,
            "AWS_SECRET_ACCESS_KEY", AWS_VALUE, "SSH_AUTH_SOCK", "/tmp/agent-of-the-operator.sock");

    @TempDir
    Path home;

    @TempDir
    Path work;

    private BottleProcess bottle;

    @BeforeEach
    void up() throws Exception {
        bottle = new BottleProcess(home);
        Path routes = Files.writeString(work.resolve("routes.yaml"), START);
        BottleProcess.Result up = bottle.run(SHELL, "", "up", BOTTLE, "--gateway", "local", "--routes", routes.toString(),
                "--secret", "GITHUB_TOKEN=IT_GITHUB_TOKEN");
        assertThat(up.exitCode()).as(up.all()).isZero();
    }

    @AfterEach
    void down() throws Exception {
        bottle.run("down", BOTTLE);
    }

    @Test
    void noSidecarEnvironmentHoldsASecretAndTheStateHoldsOnlyNames() throws Exception {
        for (String component : List.of("egress-proxy", "supervise")) {
            String environ = Files.readString(Path.of("/proc/" + pid(component) + "/environ"), StandardCharsets.ISO_8859_1);
            assertThat(environ).as(component).doesNotContain(DECLARED_VALUE, AWS_VALUE, "AWS_SECRET_ACCESS_KEY",
                    "IT_GITHUB_TOKEN", "SSH_AUTH_SOCK", "BOTTLE_OPERATOR");
            assertThat(environ).as(component).contains("PATH=");
            assertThat(Files.readString(Path.of("/proc/" + pid(component) + "/cmdline"), StandardCharsets.ISO_8859_1))
                    .doesNotContain(DECLARED_VALUE);
        }
        String declared = Files.readString(home.resolve("bottles").resolve(BOTTLE).resolve("declared-secrets.json"));
        assertThat(declared).contains("\"GITHUB_TOKEN\"").doesNotContain(DECLARED_VALUE);
        try (var files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("ca.key")) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain(DECLARED_VALUE, AWS_VALUE);
                }
            }
        }
    }

    @Test
    void aProposalNamingAnUndeclaredSecretIsFlaggedInReviewAndRefusedByTheProxy() throws Exception {
        String withAws = START + "  - host: s3.amazonaws.com\n    auth: {header: Authorization, secret: AWS_SECRET_ACCESS_KEY}\n";
        String withDeclared = START + "  - host: uploads.github.com\n    auth: {header: Authorization, secret: GITHUB_TOKEN}\n";
        String grab = submit(withAws);
        String fine = submit(withDeclared);

        BottleProcess.Result show = bottle.run("proposals", "show", grab, "--color=never");
        assertThat(show.exitCode()).as(show.all()).isZero();
        assertThat(show.out()).contains("s3.amazonaws.com:443: names a secret this bottle does not have: AWS_SECRET_ACCESS_KEY")
                .contains("(declared: GITHUB_TOKEN)");
        assertThat(bottle.run("proposals", "show", fine, "--color=never").out()).doesNotContain("does not have");

        BottleProcess.Result approve = bottle.run("approve", grab, "--reason", "see what happens");
        assertThat(approve.exitCode()).as(approve.all()).isZero();
        assertThat(approve.all()).contains("holds no value for secrets the routes name: AWS_SECRET_ACCESS_KEY");
        Path status = home.resolve("gateways/local/" + BOTTLE + "/components/egress-proxy/root/run/egress-proxy/status.json");
        assertThat(Files.readString(status)).contains("\"missing_secrets\":[\"AWS_SECRET_ACCESS_KEY\"]")
                .doesNotContain(AWS_VALUE);
    }

    private String submit(String content) {
        FileStore store = FileStore.open(home);
        SubmitProposal submit = new SubmitProposal(ToolRegistry.of(EgressProxyBlock.tool()), store.queue(),
                store.auditLog(), Clock.SYSTEM, ProposalPolicy.DEFAULT);
        SubmitResult result = submit.submit(new SubmitProposalCommand(BottleId.of(BOTTLE), ToolId.EGRESS_PROXY_BLOCK,
                ConfigFile.of(content), "needs the bucket", ConfigFile.of(START).sha256(), Optional.empty()));
        assertThat(result).isInstanceOf(SubmitResult.Queued.class);
        return ((SubmitResult.Queued) result).record().id().value();
    }

    private long pid(String component) throws Exception {
        String line = Files.readString(home.resolve("gateways/local/" + BOTTLE + "/components/" + component + "/process")).strip();
        return Long.parseLong(line.split(" ")[1]);
    }
}
