package dev.claudebottle.benchmarks;

import dev.claudebottle.routes.Sha256;
import dev.claudebottle.store.FileStore;
import dev.claudebottle.supervise.application.port.out.AuditLog;
import dev.claudebottle.supervise.model.AuditAction;
import dev.claudebottle.supervise.model.AuditEntry;
import dev.claudebottle.supervise.model.AuditRecord;
import dev.claudebottle.supervise.model.BottleId;
import dev.claudebottle.supervise.model.Component;
import dev.claudebottle.supervise.model.Operator;
import dev.claudebottle.supervise.model.ProposalId;
import dev.claudebottle.supervise.model.ToolId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Appending one entry to a bottle's audit chain in the file store: take the file lock, read the
 * last line, write, fsync. {@code diffBytes} sizes the entry's diff (0: a submission; 4096: a
 * typical applied change). Runs in a temporary directory on the default file system.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AuditAppendBenchmark {
    @Param({"0", "4096"})
    int diffBytes;

    private Path home;
    private AuditLog log;
    private AuditEntry entry;

    @Setup(Level.Trial)
    public void openStore() throws IOException {
        home = Files.createTempDirectory("audit-bench");
        log = FileStore.open(home).auditLog();
        AuditEntry.Builder builder = AuditEntry.of(Instant.parse("2026-11-24T06:00:00Z"), AuditAction.APPLIED,
                        BottleId.of("bench"), Component.EGRESS_PROXY)
                .tool(ToolId.EGRESS_PROXY_BLOCK)
                .operator(Operator.of("alice"))
                .proposal(ProposalId.parse("p-abcdefghijkl"))
                .justification("pip install needs pypi.org and files.pythonhosted.org")
                .baseSha256(Sha256.of(new byte[] {1}))
                .newSha256(Sha256.of(new byte[] {2}));
        if (diffBytes > 0) {
            builder.diff("+".repeat(diffBytes));
        }
        entry = builder.build();
    }

    @TearDown(Level.Trial)
    public void removeStore() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public AuditRecord append() {
        return log.append(entry);
    }
}
