package dev.rigger.module;

import dev.rigger.connection.ExecResult;
import dev.rigger.connection.Shell;
import dev.rigger.module.support.Args;
import dev.rigger.module.support.BaseModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ansible.builtin.user: one {@code getent} round trip to inspect passwd, shadow and group membership, then
 * useradd/usermod/userdel with only the options that differ. {@code password} is an already hashed string.
 */
public final class UserModule extends BaseModule {

    @Override
    public String name() {
        return "user";
    }

    @Override
    public ModuleSpec spec() {
        return ModuleSpec.builder().required("name")
                .args("group", "groups", "shell", "home", "password", "comment", "ssh_key_file", "ssh_key_type",
                        "ssh_key_comment", "ssh_key_passphrase", "skeleton", "expires")
                .alias("createhome", "create_home")
                .choices("state", "absent", "present")
                .choices("update_password", "always", "on_create")
                .bool("non_unique", "append", "system", "create_home", "move_home", "force", "remove", "local",
                        "generate_ssh_key", "password_lock")
                .integer("uid", "ssh_key_bits")
                .list("groups")
                .path("home", "ssh_key_file")
                .build();
    }

    /** What getent says about the user. */
    private record Current(String[] passwd, String hash, String primaryGroup, Set<String> groups,
                           Set<String> missingGroups) {
        boolean exists() {
            return passwd != null;
        }
    }

    @Override
    protected ModuleResult execute(Args a, ModuleContext ctx) throws IOException {
        String name = a.required("name");
        String state = a.choice("state", "present");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("state", state);
        List<String> wantGroups = a.list("groups");
        String group = a.str("group");
        List<String> check = new ArrayList<>(wantGroups);
        if (group != null) {
            check.add(group);
        }
        Current cur = inspect(ctx, name, check);
        if (state.equals("absent")) {
            if (!cur.exists()) {
                return ModuleResult.ok(data);
            }
            List<String> argv = new ArrayList<>(List.of("userdel"));
            if (a.bool("remove", false)) {
                argv.add("-r");
                data.put("remove", true);
            }
            if (a.bool("force", false)) {
                argv.add("-f");
                data.put("force", true);
            }
            argv.add(name);
            return change(ctx, argv, data);
        }
        if (!cur.missingGroups().isEmpty()) {
            String g = cur.missingGroups().iterator().next();
            return ModuleResult.failed("user: group '" + g + "' for user " + name + " does not exist on "
                    + ctx.hostName() + "; create it first with the group module", data);
        }
        Integer uid = a.integer("uid");
        String shell = a.str("shell");
        String home = a.str("home");
        String comment = a.str("comment");
        String password = a.str("password");
        boolean append = a.bool("append", false);
        String updatePassword = a.choice("update_password", "always");
        List<String> argv = new ArrayList<>();
        boolean changed;
        if (!cur.exists()) {
            argv.add("useradd");
            if (uid != null) {
                argv.addAll(List.of("-u", uid.toString()));
                if (a.bool("non_unique", false)) {
                    argv.add("-o");
                }
            }
            if (group != null) {
                argv.addAll(List.of("-g", group));
            } else if (cur.primaryGroup() != null) {
                argv.add("-N"); // a group named like the user exists: as Ansible, do not let useradd create one
            }
            if (!wantGroups.isEmpty()) {
                argv.addAll(List.of("-G", String.join(",", wantGroups)));
            }
            if (shell != null) {
                argv.addAll(List.of("-s", shell));
            }
            if (home != null) {
                argv.addAll(List.of("-d", home));
            }
            if (comment != null) {
                argv.addAll(List.of("-c", comment));
            }
            if (password != null) {
                argv.addAll(List.of("-p", password));
            }
            if (a.bool("system", false)) {
                argv.add("-r");
            }
            if (a.bool("create_home", true)) {
                argv.add("-m");
                if (a.has("skeleton")) {
                    argv.addAll(List.of("-k", a.str("skeleton")));
                }
            } else {
                argv.add("-M");
            }
            argv.add(name);
            changed = true;
        } else {
            String[] p = cur.passwd();
            argv.add("usermod");
            if (uid != null && !uid.toString().equals(p[2])) {
                argv.addAll(List.of("-u", uid.toString()));
                if (a.bool("non_unique", false)) {
                    argv.add("-o");
                }
            }
            if (group != null && !group.equals(cur.primaryGroup()) && !group.equals(p[3])) {
                argv.addAll(List.of("-g", group));
            }
            if (a.has("groups")) {
                Set<String> want = new LinkedHashSet<>(wantGroups);
                want.remove(cur.primaryGroup());
                boolean differs = append ? !cur.groups().containsAll(want) : !cur.groups().equals(want);
                if (differs) {
                    if (append) {
                        argv.add("-a");
                    }
                    argv.addAll(List.of("-G", String.join(",", want)));
                }
            }
            if (shell != null && !shell.equals(p[6])) {
                argv.addAll(List.of("-s", shell));
            }
            if (home != null && !home.equals(p[5])) {
                argv.addAll(List.of("-d", home));
                if (a.bool("move_home", false)) {
                    argv.add("-m");
                }
            }
            if (comment != null && !comment.equals(p[4])) {
                argv.addAll(List.of("-c", comment));
            }
            if (password != null && updatePassword.equals("always") && !password.equals(cur.hash())) {
                argv.addAll(List.of("-p", password));
            }
            changed = argv.size() > 1;
            argv.add(name);
        }
        if (changed) {
            ModuleResult r = change(ctx, argv, data);
            if (r.failed() || ctx.checkMode()) {
                return r;
            }
        }
        Current now = ctx.checkMode() ? cur : inspect(ctx, name, List.of());
        if (now.exists()) {
            String[] p = now.passwd();
            data.put("uid", Integer.parseInt(p[2]));
            data.put("group", Integer.parseInt(p[3]));
            data.put("comment", p[4]);
            data.put("home", p[5]);
            data.put("shell", p[6]);
            if (a.has("groups")) {
                data.put("groups", String.join(",", wantGroups));
            }
            data.put("append", append);
            data.put("system", a.bool("system", false));
            data.put("create_home", a.bool("create_home", true));
            if (password != null) {
                data.put("password", "NOT_LOGGING_PASSWORD");
            }
        }
        if (a.bool("generate_ssh_key", false)) {
            String homeDir = now.exists() ? now.passwd()[5] : (home != null ? home : "/home/" + name);
            changed |= sshKey(a, ctx, name, homeDir, data);
        }
        return ModuleResult.of(changed, data);
    }

    private static ModuleResult change(ModuleContext ctx, List<String> argv, Map<String, Object> data)
            throws IOException {
        if (ctx.checkMode()) {
            return ModuleResult.changed(data);
        }
        ExecResult r = ctx.run(Shell.join(argv));
        if (!r.ok()) {
            Map<String, Object> d = new LinkedHashMap<>(data);
            d.put("rc", r.rc());
            d.put("stderr", r.stderr());
            return ModuleResult.failed("user: '" + argv.get(0) + "' failed on " + ctx.hostName() + " (rc " + r.rc()
                    + "): " + r.stderr().trim(), d);
        }
        return ModuleResult.changed(data);
    }

    private static Current inspect(ModuleContext ctx, String name, List<String> groups) throws IOException {
        String n = Shell.quote(name);
        StringBuilder s = new StringBuilder();
        s.append("p=$(getent passwd ").append(n).append("); echo \"P:$p\"; ")
                .append("echo \"S:$(getent shadow ").append(n).append(" 2>/dev/null | cut -d: -f2)\"; ")
                .append("g=$(echo \"$p\" | cut -d: -f4); if [ -n \"$g\" ]; then echo \"G:$(getent group \"$g\" | ")
                .append("cut -d: -f1)\"; else getent group ").append(n).append(" >/dev/null && echo \"G:\"").append(n)
                .append("; fi; getent group | awk -F: -v u=").append(n)
                .append(" '{k=split($4,a,\",\"); for(i=1;i<=k;i++) if(a[i]==u) print \"M:\" $1}'; ");
        for (String g : groups) {
            s.append("getent group ").append(Shell.quote(g)).append(" >/dev/null || echo ")
                    .append(Shell.quote("X:" + g)).append("; ");
        }
        s.append("exit 0");
        ExecResult r = ctx.run(s.toString());
        String[] passwd = null;
        String hash = null;
        String primary = null;
        Set<String> member = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        for (String line : r.stdout().split("\n")) {
            if (line.length() < 2) {
                continue;
            }
            String v = line.substring(2);
            switch (line.charAt(0)) {
                case 'P' -> passwd = v.isEmpty() ? null : v.split(":", -1);
                case 'S' -> hash = v;
                case 'G' -> primary = v.isEmpty() ? null : v;
                case 'M' -> member.add(v);
                case 'X' -> missing.add(v);
                default -> {
                }
            }
        }
        return new Current(passwd, hash, primary, member, missing);
    }

    private static boolean sshKey(Args a, ModuleContext ctx, String user, String home, Map<String, Object> data)
            throws IOException {
        String type = a.str("ssh_key_type", "rsa");
        String file = a.str("ssh_key_file", ".ssh/id_" + type);
        String path = file.startsWith("/") ? file : home + "/" + file;
        data.put("ssh_key_file", path);
        String q = Shell.quote(path);
        ExecResult exists = ctx.run("test -f " + q);
        if (!exists.ok() && ctx.checkMode()) {
            return true;
        }
        boolean generated = false;
        if (!exists.ok()) {
            List<String> kg = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-f", path, "-N",
                    a.str("ssh_key_passphrase", "")));
            if (a.has("ssh_key_bits")) {
                kg.addAll(List.of("-b", a.str("ssh_key_bits")));
            }
            String comment = a.has("ssh_key_comment") ? Shell.quote(a.str("ssh_key_comment"))
                    : "\"ansible-generated on $(hostname)\"";
            String u = Shell.quote(user);
            ExecResult r = ctx.run("set -e; d=$(dirname " + q + "); if [ ! -d \"$d\" ]; then mkdir -p \"$d\"; "
                    + "chmod 0700 \"$d\"; chown " + u + ": \"$d\"; fi; " + Shell.join(kg) + " -C " + comment
                    + " </dev/null; chown " + u + ": " + q + " " + Shell.quote(path + ".pub"));
            if (!r.ok()) {
                throw new IOException("user: ssh-keygen for " + user + " failed on " + ctx.hostName() + ": "
                        + r.stderr().trim());
            }
            generated = true;
        }
        ExecResult pub = ctx.run("cat " + Shell.quote(path + ".pub") + " && ssh-keygen -l -f "
                + Shell.quote(path + ".pub"));
        String[] lines = pub.stdout().split("\n");
        data.put("ssh_public_key", lines.length > 0 ? lines[0].trim() : "");
        data.put("ssh_fingerprint", lines.length > 1 ? lines[1].trim() : "");
        return generated;
    }
}
