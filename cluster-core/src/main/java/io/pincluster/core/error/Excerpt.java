package io.pincluster.core.error;

/**
 * The short prefix of a client's input that an error message may quote. Echoing a whole hostile string (a 1 MB
 * "CID") back in an error costs bandwidth and log space and can smuggle text into logs; the first
 * {@value #MAX_CHARS} characters are enough to recognise what was sent.
 */
public final class Excerpt {
    /** How many characters of an input an error message quotes at most. */
    public static final int MAX_CHARS = 64;
    /** Marks an excerpt that was cut. */
    public static final String ELLIPSIS = "…";

    private Excerpt() {
    }

    /** {@code input} itself when short, else its first {@value #MAX_CHARS} characters, "…" and its length. */
    public static String of(String input) {
        if (input == null) {
            return "null";
        }
        if (input.length() <= MAX_CHARS) {
            return input;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(input.charAt(end - 1))) {
            end--; // never cut a character in half
        }
        return input.substring(0, end) + ELLIPSIS + " (" + input.length() + " characters)";
    }
}
