package dev.claudebottle.cli;

import dev.claudebottle.cli.common.ClusterOptions;
import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.supervise.api.BottleDesk;
import dev.claudebottle.supervise.api.OperatorDesk;

import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates picocli's command objects, handing each {@link DeskVerb} the (lazily built) operator and bottles' desks. */
final class CommandFactory implements IFactory {
    private final IFactory defaults = CommandLine.defaultFactory();
    private final Supplier<OperatorDesk> desk;
    private final Supplier<BottleDesk> bottles;
    private final Supplier<Path> stateHome;
    private final ClusterOptions cluster;

    CommandFactory(BottleCli.Desks desks) {
        this.desk = new Once<>(desks.operator());
        this.bottles = new Once<>(desks.bottles());
        this.stateHome = new Once<>(desks.stateHome());
        this.cluster = desks.cluster();
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K made = defaults.create(type);
        if (made instanceof DeskVerb verb) {
            verb.useDesk(desk);
            verb.useBottles(bottles);
            verb.useStateHome(stateHome);
            verb.useCluster(cluster);
        }
        if (made instanceof BottleCommand root) {
            root.useCluster(cluster);
        }
        return made;
    }

    /** A supplier that asks its source once, on first use. */
    private static final class Once<T> implements Supplier<T> {
        private final Supplier<T> source;
        private T value;

        Once(Supplier<T> source) {
            this.source = source;
        }

        @Override
        public synchronized T get() {
            if (value == null) {
                value = source.get();
            }
            return value;
        }
    }
}
