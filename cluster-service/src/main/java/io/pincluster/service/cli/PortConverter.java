package io.pincluster.service.cli;

import picocli.CommandLine;

/** A port flag ({@code --rest-port 9094}): a number from 0 (any free port) to 65535. */
final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("port " + port + " is out of range (0-65535)");
        }
        return port;
    }
}
