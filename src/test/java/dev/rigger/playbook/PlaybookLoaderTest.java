package dev.rigger.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rigger.module.ModuleRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Playbook load(Path p) {
        return new PlaybookLoader(ModuleRegistry.standard(), List.of()).load(p);
    }

    private PlaybookException fails(Path p) {
        return assertThrows(PlaybookException.class, () -> load(p));
    }

    @Test
    void yamlSyntaxError_namesFileLineAndColumn() throws IOException {
        Path p = write("bad.yml", "- hosts: all\n  tasks:\n    - debug: msg=hi\n      when: [a\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().contains(p + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
        assertTrue(e.problems().get(0).pos().line() >= 4, e.getMessage());
    }

    @Test
    void unknownModule_isReportedWithItsPosition() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - name: x\n      frobnicate: a=b\n");
        PlaybookException e = fails(p);
        assertEquals(4, e.problems().get(0).pos().line());
        assertEquals(7, e.problems().get(0).pos().column());
        assertTrue(e.getMessage().contains("couldn't resolve module/action 'frobnicate'"), e.getMessage());
        assertTrue(e.getMessage().contains("This often indicates a misspelling, missing collection, or incorrect "
                + "module path"), "Ansible's words: " + e.getMessage());
    }

    @Test
    void aValueOutsideTheModulesChoices_isALoadError_namingTheAllowedValues_butATemplateWaitsForTheHost()
            throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - file:
                        path: /tmp/x
                        state: absnt
                    - file: path=/tmp/y recurse=perhaps
                    - file:
                        path: /tmp/z
                        state: "{{ wanted }}"
                """);
        PlaybookException e = fails(p);
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("pb.yml:3:7"), e.getMessage());
        assertTrue(e.getMessage().contains("value of state must be one of: absent, directory, file, hard, link, "
                + "touch, got: absnt"), e.getMessage());
        assertTrue(e.getMessage().contains("pb.yml:6:7"), e.getMessage());
        assertTrue(e.getMessage().contains("argument 'recurse' is of type <class 'str'> and we were unable to "
                + "convert to bool"), e.getMessage());
    }

    @Test
    void theRulesBetweenArguments_andListOrDictTypes_areLoadErrors_unlessAValueIsStillATemplate() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - lineinfile:
                        path: /tmp/x
                        line: a
                        insertafter: x
                        insertbefore: y
                    - service:
                        name: nvidia-persistenced
                    - apt:
                        name: {cuda: 12}
                    - get_url:
                        url: http://mirror/x
                        dest: /tmp/x
                        headers: [a, b]
                    - lineinfile:
                        path: /tmp/x
                        line: a
                        insertafter: x
                        insertbefore: "{{ before | default(omit) }}"
                    - apt:
                        name: cuda-toolkit,cudnn
                """);
        PlaybookException e = fails(p);
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("parameters are mutually exclusive: insertbefore|insertafter"),
                e.getMessage());
        assertTrue(e.getMessage().contains("pb.yml:8:7") && e.getMessage().contains("one of the following is "
                + "required: state, enabled"), e.getMessage());
        assertTrue(e.getMessage().contains("argument 'name' is of type <class 'dict'> and we were unable to convert "
                + "to list: <class 'dict'> cannot be converted to a list"), e.getMessage());
        assertTrue(e.getMessage().contains("argument 'headers' is of type <class 'list'> and we were unable to "
                + "convert to dict"), e.getMessage());
    }

    @Test
    void importRoleGivenAsKeyValueText_takesEveryKey() throws IOException {
        write("roles/gpu/tasks/main.yml", "- debug: msg=main\n");
        write("roles/gpu/tasks/driver.yml", "- debug: msg=driver\n");
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - import_role: name=gpu tasks_from=driver
                """);
        Playbook pb = load(p);
        Task t = (Task) pb.plays().get(0).tasks().get(0);
        assertEquals("driver", t.args().get("msg"), t.args().toString()); // tasks_from was taken
    }

    @Test
    void aModuleThatIsAnsiblesButNotRiggers_loadsWithAWarning_butATypoIsStillAnError() throws IOException {
        Path ok = write("rh.yml", """
                - hosts: all
                  tasks:
                    - yum:
                        name: cuda
                        enablerepo: cuda
                      when: ansible_os_family == 'RedHat'
                    - ufw: rule=allow port=22
                    - community.general.lvg:
                        vg: data
                        pvs: /dev/sdb
                """);
        Playbook pb = load(ok);
        assertEquals(3, pb.warnings().size(), pb.warnings().toString());
        assertTrue(pb.warnings().get(0).startsWith(ok + ":3:7: rigger does not implement the Ansible module "
                + "'ansible.builtin.yum' yet"), pb.warnings().toString());
        assertTrue(pb.warnings().get(1).contains("'community.general.ufw'"), pb.warnings().toString());
        Path bad = write("bad.yml", """
                - hosts: all
                  tasks:
                    - yum:
                        name: cuda
                        enablerepos: cuda
                    - community.general.copy: src=a dest=b
                    - yumm: name=cuda
                """);
        PlaybookException e = fails(bad);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("unsupported parameter for yum: 'enablerepos'"), e.getMessage());
        assertTrue(e.getMessage().contains("couldn't resolve module/action 'community.general.copy'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("couldn't resolve module/action 'yumm'") && e.getMessage().contains(
                "(did you mean 'yum'?)"), e.getMessage());
    }

    @Test
    void package_takesAnyArgumentAtLoadTime_asAnsiblesPackageActionHandsThemToTheBackend() throws IOException {
        // geerlingguy.git: "package: name=... enablerepo=..." guarded by when: ansible_os_family == 'RedHat'
        Path p = write("pkg.yml", """
                - hosts: all
                  tasks:
                    - package:
                        name: git
                        enablerepo: epel-testing
                        state: present
                      when: ansible_os_family == 'RedHat'
                """);
        Playbook pb = load(p);
        Task t = (Task) pb.plays().get(0).tasks().get(0);
        assertEquals("epel-testing", t.args().get("enablerepo"), t.args().toString());
    }

    @Test
    void unknownArgument_andUnknownKeyword_areAllReportedAtOnce() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - debug:
                        msg: hi
                        colour: red
                    - debug: msg=x
                      whne: true
                """);
        PlaybookException e = fails(p);
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("unsupported parameter for debug: 'colour'"), e.getMessage());
        assertTrue(e.getMessage().contains("'whne' is not a valid attribute for a Task (did you mean 'when'?)"),
                e.getMessage());
    }

    @Test
    void missingRole_namesTheSearchPath() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  roles:\n    - nosuchrole\n");
        PlaybookException e = fails(p);
        assertTrue(e.getMessage().contains("the role 'nosuchrole' was not found"), e.getMessage());
        assertEquals(3, e.problems().get(0).pos().line());
    }

    @Test
    void circularImports_areRefused() throws IOException {
        write("a.yml", "- import_tasks: b.yml\n");
        write("b.yml", "- import_tasks: a.yml\n");
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - import_tasks: a.yml\n");
        assertTrue(fails(p).getMessage().contains("circular import"));
    }

    @Test
    void circularRoleDependencies_areRefused() throws IOException {
        write("roles/a/meta/main.yml", "dependencies: [b]\n");
        write("roles/b/meta/main.yml", "dependencies: [a]\n");
        write("roles/a/tasks/main.yml", "- debug: msg=a\n");
        Path p = write("pb.yml", "- hosts: all\n  roles: [a]\n");
        assertTrue(fails(p).getMessage().contains("circular role dependency"), fails(p).getMessage());
    }

    @Test
    void rolesExpandWithDependenciesFirst_andInheritKeywords() throws IOException {
        write("roles/base/tasks/main.yml", "- debug: msg=base\n");
        write("roles/web/meta/main.yml", "dependencies:\n  - role: base\n");
        write("roles/web/tasks/main.yml", "- name: web task\n  command: echo hi creates=/tmp/x\n");
        write("roles/web/handlers/main.yml", "- name: restart web\n  command: echo restart\n");
        write("roles/web/defaults/main.yml", "port: 80\n");
        Path p = write("pb.yml", """
                - hosts: all
                  become: true
                  roles:
                    - role: web
                      tags: [webtag]
                      when: enabled
                  tasks:
                    - debug: msg=after
                """);
        Play play = load(p).plays().get(0);
        assertEquals(3, play.tasks().size());
        Task base = (Task) play.tasks().get(0);
        Task web = (Task) play.tasks().get(1);
        assertEquals("base : debug", base.label());
        assertEquals("web : web task", web.label());
        assertEquals(List.of("enabled"), web.attrs().when());
        assertEquals(List.of("webtag"), web.attrs().tags());
        assertEquals(Boolean.TRUE, web.attrs().become());
        assertEquals("echo hi", web.args().get("_raw_params"));
        assertEquals("/tmp/x", web.args().get("creates"));
        assertEquals(1, play.handlers().size());
        assertEquals(80, play.roles().stream().filter(r -> r.name().equals("web")).findFirst().get().defaults()
                .get("port"));
    }

    @Test
    void blocksKeepRescueAndAlways_andPassWhenDown() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - block:
                        - command: /bin/false
                      rescue:
                        - debug: msg=rescued
                      always:
                        - debug: msg=always
                      when: x is defined
                """);
        Block b = assertInstanceOf(Block.class, load(p).plays().get(0).tasks().get(0));
        assertEquals(1, b.rescue().size());
        assertEquals(List.of("x is defined"), ((Task) b.always().get(0)).attrs().when());
    }

    @Test
    void fullyQualifiedNamesAndWithItems_areAccepted() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - ansible.builtin.debug:
                        msg: "{{ item }}"
                      with_items: [1, 2]
                      loop_control:
                        label: "{{ item }}"
                """);
        Task t = (Task) load(p).plays().get(0).tasks().get(0);
        assertEquals("debug", t.shortAction());
        assertEquals("with_items", t.loopKind());
    }

    @Test
    void includeTasksOfAMissingFile_orRole_loads_asAnsiblesIncludesAreDynamic() throws IOException {
        write("present.yml", "- debug: msg=x\n  whne: 1\n");
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - include_tasks: missing.yml\n      when: false\n"
                + "    - include_role: name=no_such_role\n      when: false\n");
        assertEquals(2, load(p).plays().get(0).tasks().size());
        Path q = write("pb2.yml", "- hosts: all\n  tasks:\n    - include_tasks: present.yml\n");
        assertTrue(fails(q).getMessage().contains("'whne' is not a valid attribute"), "a file that is there is "
                + "still checked at load");
    }

    @Test
    void delegateToThatIsNoString_isALoadError_andActionWithLocalActionToo() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - debug: msg=x\n      delegate_to: 5\n"
                + "    - action: ping\n      local_action: ping\n");
        String m = fails(p).getMessage();
        assertTrue(m.contains(":4:7: the field 'delegate_to' has an invalid type (<class 'int'>), and could not be "
                + "converted to a string type."), m);
        assertTrue(m.contains(":6:7: action and local_action are mutually exclusive"), m);
    }

    @Test
    void localAction_isTheActionDelegatedToLocalhost() throws IOException {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n    - local_action: command echo hi\n"
                + "    - local_action: {module: copy, src: a, dest: /tmp/b}\n      delegate_to: other\n");
        Playbook pb = load(p);
        assertEquals(List.of(), pb.warnings());
        Task a = (Task) pb.plays().get(0).tasks().get(0);
        Task b = (Task) pb.plays().get(0).tasks().get(1);
        assertEquals("command", a.action());
        assertEquals("echo hi", a.args().get("_raw_params"));
        assertEquals("localhost", a.attrs().runOn().get("delegate_to"));
        assertEquals("copy", b.action());
        assertEquals("/tmp/b", b.args().get("dest"));
        assertEquals("localhost", b.attrs().runOn().get("delegate_to"), "Ansible's parser: local_action wins");
    }

    @Test
    void unimplementedKeywords_loadWithAWarningNamingThem_andAsyncZeroIsPlainSynchronous() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - debug: msg=x
                      ignore_unreachable: true
                    - block:
                        - debug: msg=y
                      ignore_unreachable: true
                    - command: sleep 1
                      async: 0
                      poll: 5
                """);
        Playbook pb = load(p);
        assertEquals(2, pb.warnings().size(), pb.warnings().toString());
        assertTrue(pb.warnings().get(0).startsWith(p + ":4:7: 'ignore_unreachable' is Ansible's but rigger does "
                + "not implement it yet"), pb.warnings().toString());
        assertTrue(pb.warnings().get(1).contains(":7:7: 'ignore_unreachable'"), pb.warnings().toString());
        List<TaskNode> tasks = pb.plays().get(0).tasks();
        assertEquals(List.of("ignore_unreachable"), ((Task) tasks.get(0)).unimplemented());
        assertEquals(List.of("ignore_unreachable"), ((Task) ((Block) tasks.get(1)).block().get(0)).unimplemented());
        assertEquals(List.of(), ((Task) tasks.get(2)).unimplemented());
    }

    @Test
    void aLiteralThrottleThatIsNoInteger_isALoadError_aTemplateWaits_andARunOnceHandlerIsWarnedAbout()
            throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  tasks:
                    - debug: msg=x
                      throttle: abc
                    - debug: msg=y
                      throttle: "{{ n }}"
                    - block:
                        - debug: msg=z
                      throttle: " 3 "
                """);
        PlaybookException e = fails(p);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("pb.yml:4:7: Failed to convert the throttle value to an integer: 'abc'"),
                e.getMessage());
        Path q = write("q.yml", """
                - hosts: all
                  tasks:
                    - command: echo
                      notify: h
                  handlers:
                    - name: h
                      debug: msg=x
                      run_once: true
                    - name: i
                      debug: msg=x
                      run_once: false
                """);
        Playbook pb = load(q);
        assertEquals(1, pb.warnings().size(), pb.warnings().toString());
        assertTrue(pb.warnings().get(0).startsWith(q + ":6:7: 'run_once' on a handler is Ansible's but rigger does "
                + "not implement it"), pb.warnings().toString());
    }

    @Test
    void asyncPollAndTimeout_literalsThatAreNoInt_areLoadErrors_butTemplatesWaitForTheHost() throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  timeout: soon
                  tasks:
                    - command: sleep 1
                      async: abc
                      poll: "{{ p }}"
                    - command: sleep 1
                      async: "{{ a }}"
                      poll: 1
                      timeout: 5
                """);
        String msg = fails(p).getMessage();
        assertTrue(msg.contains(p + ":2:3: the field 'timeout' has an invalid value (soon), and could not be "
                + "converted to an int"), msg);
        assertTrue(msg.contains(p + ":5:7: the field 'async_val' has an invalid value (abc)"), msg);
        assertFalse(msg.contains("poll"), msg);
        assertFalse(msg.contains(":8:"), msg);
    }

    @Test
    void keywordsRiggerDoesNotHonour_eachGetAWarning_andAPlaysUnimplementedKeywordReachesEveryTask()
            throws IOException {
        Path p = write("pb.yml", """
                - hosts: all
                  module_defaults:
                    apt: {cache_valid_time: 3600}
                  vars_prompt:
                    - name: cuda_version
                      prompt: which CUDA?
                      default: "12.4"
                  tasks:
                    - debug: msg=x
                      debugger: never
                """);
        Playbook pb = load(p);
        assertEquals(3, pb.warnings().size(), pb.warnings().toString());
        assertTrue(pb.warnings().get(2).contains(":4:3: 'vars_prompt' is Ansible's but rigger does not honour it"),
                pb.warnings().toString());
        assertTrue(pb.warnings().get(0).contains(":10:7: 'debugger' is Ansible's but rigger does not honour it"),
                pb.warnings().toString());
        assertTrue(pb.warnings().get(1).contains(":2:3: 'module_defaults' is Ansible's but rigger does not "
                + "implement it yet"), pb.warnings().toString());
        Play play = pb.plays().get(0);
        assertEquals(List.of("module_defaults"), ((Task) play.tasks().get(0)).unimplemented());
        assertEquals("12.4", play.vars().get("cuda_version"));
    }

    @Test
    void aRoleShippingPythonPlugins_isRefusedAtLoad_namingThePlugins() throws IOException {
        write("roles/gpu/tasks/main.yml", "- debug: msg=x\n");
        write("roles/gpu/library/nvidia_info.py", "#!/usr/bin/python\n");
        write("roles/gpu/filter_plugins/net.py", "class FilterModule: pass\n");
        write("roles/gpu/filter_plugins/__init__.py", "");
        Path p = write("pb.yml", "- hosts: all\n  roles:\n    - gpu\n    - role: gpu\n");
        PlaybookException e = fails(p);
        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("pb.yml:3:7: the role 'gpu' ships Ansible plugins, code that rigger "
                + "cannot run") && e.getMessage().contains("library/nvidia_info.py, filter_plugins/net.py"),
                e.getMessage());
    }

    @Test
    void aWithLoopNamesAnAnsibleLookup_orIsALoadErrorWithADidYouMean() throws IOException {
        Path ok = write("ok.yml", """
                - hosts: all
                  tasks:
                    - debug: var=item
                      with_subelements: [[], x]
                    - debug: var=item
                      with_csvfile: ["k file=x.csv"]
                """);
        Playbook pb = load(ok);
        assertEquals(1, pb.warnings().size(), pb.warnings().toString());
        assertTrue(pb.warnings().get(0).contains(":6:7: the lookup plugin (csvfile) is Ansible's but rigger does "
                + "not implement it yet"), pb.warnings().toString());
        Path bad = write("bad.yml", "- hosts: all\n  tasks:\n    - debug: var=item\n      with_itmes: [1]\n");
        PlaybookException e = fails(bad);
        assertTrue(e.getMessage().contains("bad.yml:4:7: lookup plugin (itmes) not found: 'with_itmes' is no loop "
                + "of Ansible's (did you mean 'items'?)"), e.getMessage());
    }
}
