package dev.rigger.playbook;

import dev.rigger.Pos;

/** An entry of a task list: a task, a block, or a dynamic include. */
public sealed interface TaskNode permits Task, Block, Include {
    Pos pos();
}
