package dev.rigger.module.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * get_url's {@code checksum: algorithm:URL}: the digest for a download read from a checksum file, as Ansible's
 * get_url reads it (a file holding one word is that digest; otherwise lines {@code digest  name} or
 * {@code digest *name}, the first whose name, less a leading {@code ./}, is the URL's file name).
 */
public final class ChecksumFile {
    private ChecksumFile() {
    }

    /** Ansible's is_url: a value whose scheme is one a checksum file can be fetched with. */
    public static boolean isUrl(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.startsWith("http://") || v.startsWith("https://") || v.startsWith("ftp://") || v.startsWith("file://");
    }

    /** The file name get_url compares with: the last segment of the URL's path ({@code index.html} for none). */
    public static String fileName(String url) {
        String path;
        try {
            path = URI.create(url.replace(" ", "%20")).getRawPath();
        } catch (IllegalArgumentException e) {
            path = url.replaceAll("[?#].*$", "");
        }
        if (path == null) {
            path = "";
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? "index.html" : java.net.URLDecoder.decode(name.replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The digest for {@code fileName} in the checksum file's text, if it names one. */
    public static Optional<String> digest(String text, String fileName) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // Python's file iteration yields no line after the last newline
        }
        if (lines.size() == 1 && lines.get(0).strip().split("\\s+").length == 1 && !lines.get(0).isBlank()) {
            return Optional.of(lines.get(0));
        }
        for (String line : lines) {
            int sp = line.indexOf(' ');
            if (sp < 0) {
                continue;
            }
            String digest = line.substring(0, sp);
            String name = line.substring(sp + 1);
            if (name.startsWith(" ") || name.startsWith("*")) {
                name = name.substring(1);
            }
            if (lstrip(name, "./").equals(fileName)) {
                return Optional.of(digest);
            }
        }
        return Optional.empty();
    }

    /** Python's str.lstrip(chars). */
    private static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return s.substring(i);
    }

    /** Ansible's clean-up of a digest: every non-word character removed, lower case. */
    public static String clean(String digest) {
        return digest.replaceAll("[^\\p{L}\\p{N}_]+", "").toLowerCase(Locale.ROOT);
    }
}
