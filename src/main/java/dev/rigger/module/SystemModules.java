package dev.rigger.module;

import java.util.List;

/** The modules of this group: apt, apt_key, apt_repository, deb822_repository, package, user, group, authorized_key, systemd, service, pip, git, reboot. */
public final class SystemModules {
    private SystemModules() {
    }

    public static List<Module> all() {
        AptModule apt = new AptModule();
        SystemdModule systemd = new SystemdModule("systemd");
        return List.of(apt, new PackageModule(apt), new AptKeyModule(), new AptRepositoryModule(),
                new TimezoneModule(),
                new LocaleGenModule(),
                new Deb822RepositoryModule(), new SysctlModule(), new MountModule(), new UserModule(), new GroupModule(),
                new AuthorizedKeyModule(), systemd,
                new SystemdModule("systemd_service"), new ServiceModule(systemd), new PipModule(), new GitModule(),
                new GetentModule(), new ServiceFactsModule(),
                new ModprobeModule(), new KernelBlacklistModule(),
                new RebootModule());
    }
}
