package io.pincluster.service.cli;

/** How {@code ipfs add} prints an entry's name: as is, or quoted and escaped when it holds control characters. */
final class KuboNames {
    private KuboNames() {
    }

    /** So one entry stays one line of output, as Kubo does. */
    static String printable(String name) {
        if (name.chars().noneMatch(Character::isISOControl)) {
            return name;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : name.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
