package dev.claudebottle.cli;

import dev.claudebottle.cli.common.DeskVerb;
import dev.claudebottle.supervise.api.OperatorDesk;

import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Creates picocli's command objects, handing each {@link DeskVerb} the (lazily built) operator desk. */
final class CommandFactory implements IFactory {
    private final IFactory defaults = CommandLine.defaultFactory();
    private final Supplier<OperatorDesk> desk;

    CommandFactory(Supplier<OperatorDesk> desk) {
        this.desk = new Once<>(desk);
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K made = defaults.create(type);
        if (made instanceof DeskVerb verb) {
            verb.useDesk(desk);
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
