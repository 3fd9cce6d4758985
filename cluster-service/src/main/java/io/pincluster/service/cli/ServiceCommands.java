package io.pincluster.service.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Reaches the peer's {@code init} command from the command line. It is looked up by name so that this
 * launcher builds and runs (with a clear message) while the peer module does not provide them yet.
 */
final class ServiceCommands {
    static final String INIT = "io.pincluster.service.InitCommand";

    private ServiceCommands() {
    }

    /** Calls {@code className.run(String[], PrintStream, PrintStream)}; exit 1 with a message when it is missing. */
    static int run(String className, String[] args, PrintStream out, PrintStream err) {
        Method run;
        try {
            run = Class.forName(className).getMethod("run", String[].class, PrintStream.class, PrintStream.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            err.println("error: this build has no " + className.substring(className.lastIndexOf('.') + 1)
                    + " (not available yet)");
            return 1;
        }
        try {
            return (Integer) run.invoke(null, args, out, err);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(className + ".run is not public", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(cause);
        }
    }
}
