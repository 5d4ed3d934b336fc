package dev.rigger.plan;

import java.util.Collection;
import java.util.Set;

/** Ansible's tag selection: --tags / --skip-tags with all, tagged, untagged, always and never. */
public final class Tags {
    private Tags() {
    }

    public static boolean shouldRun(Collection<String> taskTags, Set<String> only, Set<String> skip) {
        boolean always = taskTags.contains("always");
        boolean never = taskTags.contains("never");
        boolean selected;
        if (always && !only.contains("never") ) {
            selected = true;
        } else {
            selected = false;
            for (String o : only) {
                if (o.equals("all")) {
                    selected |= !never;
                } else if (o.equals("tagged")) {
                    selected |= !taskTags.isEmpty() && !never;
                } else if (o.equals("untagged")) {
                    selected |= taskTags.isEmpty();
                } else if (taskTags.contains(o)) {
                    selected = true;
                }
            }
        }
        if (!selected) {
            return false;
        }
        for (String s : skip) {
            if (s.equals("all") && !always) {
                return false;
            }
            if (s.equals("tagged") && !taskTags.isEmpty()) {
                return false;
            }
            if (s.equals("untagged") && taskTags.isEmpty()) {
                return false;
            }
            if (taskTags.contains(s)) {
                return false;
            }
        }
        return true;
    }
}
