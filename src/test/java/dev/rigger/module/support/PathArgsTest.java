package dev.rigger.module.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's os.path.expanduser(os.path.expandvars(p)), as Ansible's type='path' applies it. */
class PathArgsTest {
    @Test
    void expandVars_replacesSetVariables_andLeavesUnsetOnesAsWritten() {
        Map<String, String> v = new HashMap<>();
        v.put("HOME", "/home/ana");
        v.put("CUDA", "/usr/local/cuda-12.4");
        v.put("GONE", null);
        assertEquals("/usr/local/cuda-12.4/bin", PathArgs.expandVars("$CUDA/bin", v));
        assertEquals("/home/ana/x-/usr/local/cuda-12.4", PathArgs.expandVars("${HOME}/x-${CUDA}", v));
        assertEquals("$GONE/x and ${GONE}", PathArgs.expandVars("$GONE/x and ${GONE}", v));
        assertEquals("cost $", PathArgs.expandVars("cost $", v));
    }

    @Test
    void expandUser_likePython() {
        Map<String, String> homes = Map.of("bob", "/home/bob/");
        assertEquals("/root/.config/x", PathArgs.expandUser("~/.config/x", "/root", homes));
        assertEquals("/root", PathArgs.expandUser("~", "/root", homes));
        assertEquals("/home/bob/notes", PathArgs.expandUser("~bob/notes", "/root", homes));
        assertEquals("~nobodyhere/x", PathArgs.expandUser("~nobodyhere/x", "/root", homes));
        assertEquals("/", PathArgs.expandUser("~", "/", homes));
        assertEquals("a/~/b", PathArgs.expandUser("a/~/b", "/root", homes));
        assertEquals("~/x", PathArgs.expandUser("~/x", null, homes)); // no home known: left as written
    }
}
