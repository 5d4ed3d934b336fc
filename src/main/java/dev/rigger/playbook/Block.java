package dev.rigger.playbook;

import dev.rigger.Pos;
import java.util.List;

/** block / rescue / always. Its attributes are already applied to the tasks inside; {@code attrs} is kept for reporting. */
public record Block(String name, Pos pos, Attrs attrs, List<TaskNode> block, List<TaskNode> rescue,
                    List<TaskNode> always) implements TaskNode {
}
