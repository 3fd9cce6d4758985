package io.pincluster.ctl.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates command objects for picocli, handing the {@link CommandIo} of this run to every command class whose
 * constructor takes one; other classes (picocli's own, converters, mixins) are made as picocli makes them.
 */
public final class CommandFactory implements CommandLine.IFactory {
    private final CommandIo io;

    public CommandFactory(CommandIo io) {
        this.io = io;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<K> withIo;
        try {
            withIo = cls.getDeclaredConstructor(CommandIo.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(cls);
        }
        // Command classes are package-private; picocli's own factory opens them the same way.
        withIo.setAccessible(true);
        return withIo.newInstance(io);
    }
}
