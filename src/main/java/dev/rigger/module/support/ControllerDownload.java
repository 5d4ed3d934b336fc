package dev.rigger.module.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * Downloads a URL on the controller, for hosts that have neither curl nor wget: the bytes then travel over the
 * host's connection. Bounded in size and time.
 */
public final class ControllerDownload {
    /** Largest download kept in memory for a host without curl or wget. */
    public static final int MAX_BYTES = 512 * 1024 * 1024;

    private ControllerDownload() {
    }

    public static byte[] fetch(String url, Map<String, String> headers, String user, String password, int timeoutSec,
                               boolean insecure) throws IOException {
        if (insecure) {
            throw new IOException("get_url: the host has neither curl nor wget, and the controller does not download "
                    + "with validate_certs: false; install curl on the host");
        }
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(timeoutSec)).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(timeoutSec)).GET();
        headers.forEach(b::header);
        if (user != null) {
            String token = user + ":" + (password == null ? "" : password);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    token.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() / 100 != 2) {
                    throw new IOException("Request failed: HTTP Error " + r.statusCode() + " (downloaded by the "
                            + "controller: the host has neither curl nor wget)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (out.size() + n > MAX_BYTES) {
                        throw new IOException("get_url: " + url + " is larger than " + MAX_BYTES / (1024 * 1024)
                                + " MiB and the host has neither curl nor wget to fetch it itself; install curl");
                    }
                    out.write(buf, 0, n);
                }
                return out.toByteArray();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        } catch (IllegalArgumentException e) {
            throw new IOException("get_url: invalid URL " + url + ": " + e.getMessage());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("get_url")
                    || e.getMessage() != null && e.getMessage().startsWith("Request failed")) {
                throw e;
            }
            throw new IOException("Request failed: " + e + " (downloaded by the controller: the host has neither "
                    + "curl nor wget)");
        }
    }
}
