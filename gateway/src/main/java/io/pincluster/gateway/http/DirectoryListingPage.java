package io.pincluster.gateway.http;

import io.pincluster.gateway.content.DirectoryEntry;
import java.util.List;

/**
 * Renders a directory listing as a small HTML page. Every name is HTML-escaped in text and percent-encoded in
 * links: names come from the DAG, i.e. from whoever added the content.
 */
final class DirectoryListingPage {
    private DirectoryListingPage() {
    }

    /** {@code dirPath} is the canonical encoded content path of the directory, without trailing slash. */
    static String render(String dirPath, List<DirectoryEntry> entries) {
        return render(dirPath, entries, null);
    }

    /** As above, with a link to page {@code nextPage} of the listing after the table (none when null). */
    static String render(String dirPath, List<DirectoryEntry> entries, Integer nextPage) {
        StringBuilder sb = new StringBuilder(256 + entries.size() * 200);
        String title = "Index of " + escape(decodeForTitle(dirPath));
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body>\n<h1>").append(title).append("</h1>\n<table>\n")
                .append("<tr><th>Name</th><th>Size</th><th>CID</th></tr>\n");
        for (DirectoryEntry e : entries) {
            String href = dirPath + "/" + GatewayPath.encodeSegment(e.name());
            sb.append("<tr><td><a href=\"").append(escape(href)).append("\">").append(escape(e.name()))
                    .append("</a></td><td>").append(e.size() < 0 ? "" : Long.toString(e.size()))
                    .append("</td><td><a href=\"/ipfs/").append(e.cid()).append("\">").append(e.cid())
                    .append("</a></td></tr>\n");
        }
        sb.append("</table>\n");
        if (nextPage != null) {
            sb.append("<p><a href=\"").append(escape(dirPath)).append("/?page=").append(nextPage)
                    .append("\">next page</a></p>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String decodeForTitle(String encodedPath) {
        return java.net.URLDecoder.decode(encodedPath.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
