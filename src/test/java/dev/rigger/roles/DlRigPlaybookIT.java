package dev.rigger.roles;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.api.HostStats;
import dev.rigger.api.RunOptions;
import dev.rigger.api.RunResult;
import dev.rigger.engine.Rigger;
import dev.rigger.lab.LabExtension;
import dev.rigger.lab.LabRigs;
import dev.rigger.lab.LabSetup;
import dev.rigger.lab.RigShell;
import dev.rigger.tunnel.JupyterTunnel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * playbooks/dl-rig.yml on three full lab rigs (systemd), with the lab's overrides in inventory/lab/ pointing the
 * roles at the lab's labelled stand-ins (NVIDIA repo, Miniforge installer, pip index): it converges, a second run
 * and a check run change nothing, and every user's Jupyter answers on their own port.
 */
@ExtendWith(LabExtension.class)
@LabSetup(rigs = 3)
class DlRigPlaybookIT {
    private static final Path PLAYBOOK = Path.of("playbooks/dl-rig.yml");
    private static final String LAB_OVERRIDES = "inventory/lab";
    private static final List<String> RIGS = List.of("rig1", "rig2", "rig3");
    /** The users of inventory/lab/group_vars/all.yml and their Jupyter ports. */
    private static final Map<String, Integer> JUPYTER_PORTS = Map.of("alice", 8888, "bob", 8889);

    @TempDir
    Path tmp;

    private RunResult play(LabRigs rigs, boolean check) {
        return Rigger.builder()
                .inventory(rigs.inventory().toString(), LAB_OVERRIDES)
                .playbook(PLAYBOOK)
                .options(RunOptions.builder().check(check).diff(check).knownHosts(tmp.resolve("known_hosts"))
                        .limit(String.join(",", RIGS)).build())
                .build()
                .run();
    }

    /** GET over TLS trusting the rig's self-signed certificate (and its CN, the rig's name, for 127.0.0.1). */
    private static int httpStatus(URI uri) throws Exception {
        TrustManager[] trustAll = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustAll, null);
        HttpsURLConnection c = (HttpsURLConnection) uri.toURL().openConnection();
        c.setSSLSocketFactory(tls.getSocketFactory());
        c.setHostnameVerifier((host, session) -> true);
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void dlRig_convergesOnThreeRigs_thenChangesNothing_andEachUsersJupyterServes(LabRigs rigs) throws IOException {
        for (String rig : RIGS) {
            rigs.lab().reset(rig);
        }

        long t0 = System.nanoTime();
        RunResult first = play(rigs, false);
        long t1 = System.nanoTime();
        assertEquals(0, first.exitCode(), first.recap().toString());
        for (String rig : RIGS) {
            HostStats s = first.stats(rig);
            assertEquals(0, s.failed() + s.unreachable(), rig + ": " + s);
            assertTrue(s.changed() > 0, rig + " was fresh, the first run must change it: " + s);
        }

        for (String rig : RIGS) {
            // the toolkit pin (the older of the two stand-in builds), held, and on PATH from /etc/profile.d
            assertEquals("12.6.2-1", RigShell.run(rigs, rig,
                    "dpkg-query -W -f='${Version}' cuda-toolkit-12-6").trim());
            assertTrue(RigShell.run(rigs, rig, "apt-mark showhold").contains("cuda-toolkit-12-6"), rig);
            assertEquals("/usr/local/cuda-12.6/bin/nvcc", RigShell.run(rigs, rig,
                    "su - alice -c 'command -v nvcc'").trim());
            assertTrue(RigShell.run(rigs, rig, "cat /etc/modprobe.d/blacklist-nouveau.conf")
                    .contains("blacklist nouveau"), rig);
            // each user's GPUs, keras.json, tmuxp session; key-only sshd with local forwarding
            assertEquals("0", RigShell.run(rigs, rig, "su - alice -c 'echo $CUDA_VISIBLE_DEVICES'").trim());
            assertEquals("1", RigShell.run(rigs, rig, "su - bob -c 'echo $CUDA_VISIBLE_DEVICES'").trim());
            assertTrue(RigShell.run(rigs, rig, "cat /home/bob/.keras/keras.json").contains("\"backend\": \"tensorflow\""));
            assertTrue(RigShell.run(rigs, rig, "cat /home/alice/.tmuxp/dl.yml").contains("watch -n 1 nvidia-smi"));
            String sshd = RigShell.run(rigs, rig, "sshd -T");
            assertTrue(sshd.contains("passwordauthentication no"), sshd);
            assertTrue(sshd.contains("allowtcpforwarding local"), sshd);
            assertTrue(RigShell.run(rigs, rig, "/opt/conda/bin/conda --version").startsWith("conda "), rig);
            // cuDNN 9 header from the stand-in repo
            assertTrue(RigShell.run(rigs, rig, "cat /usr/include/x86_64-linux-gnu/cudnn_version_v9.h")
                    .contains("#define CUDNN_MAJOR 9"), rig);
        }

        // every user's Jupyter, reached as a user would: through rigger tunnel (it listens on the rig's loopback only)
        for (String rig : RIGS) {
            for (Map.Entry<String, Integer> user : JUPYTER_PORTS.entrySet()) {
                JupyterTunnel.Request request = JupyterTunnel.Request
                        .of(List.of(rigs.inventory().toString(), LAB_OVERRIDES), rig).withUser(user.getKey())
                        .withLocalPort(0).withKnownHosts(tmp.resolve("known_hosts"));
                try (JupyterTunnel tunnel = JupyterTunnel.open(request)) {
                    assertEquals(user.getValue(), tunnel.target().port());
                    URI login = tunnel.url().resolve("login");
                    assertEquals("https", login.getScheme(), "the jupyter role serves its self-signed certificate");
                    await("Jupyter of " + user.getKey() + " on " + rig + ":" + user.getValue() + " through " + login)
                            .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                            .until(() -> httpStatus(login) == 200);
                }
            }
            assertTrue(RigShell.run(rigs, rig, "ss -ltn").contains("127.0.0.1:8889"),
                    "Jupyter listens on loopback only (reached through SSH tunnels)");
        }

        long t2 = System.nanoTime();
        RunResult second = play(rigs, false);
        long t3 = System.nanoTime();
        assertEquals(0, second.exitCode(), second.recap().toString());
        assertEquals(0, second.totalChanged(), "second run must change nothing: " + second.recap());

        RunResult check = play(rigs, true);
        long t4 = System.nanoTime();
        assertEquals(0, check.exitCode(), check.recap().toString());
        assertEquals(0, check.totalChanged(), "--check on converged rigs must report nothing: " + check.recap());
        System.out.printf("DlRigPlaybookIT: first run %d s, checks and tunnels %d s, second run %d s, check run %d s%n",
                (t1 - t0) / 1_000_000_000L, (t2 - t1) / 1_000_000_000L, (t3 - t2) / 1_000_000_000L,
                (t4 - t3) / 1_000_000_000L);
    }
}
