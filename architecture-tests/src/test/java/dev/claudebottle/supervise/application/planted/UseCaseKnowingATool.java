package dev.claudebottle.supervise.application.planted;

/** A planted violation: supervise-domain's application ring depending on a tool module (application ← tools). */
public class UseCaseKnowingATool {
    public Object tool(dev.claudebottle.tools.planted.ToolKnowingDocker tool) {
        return tool;
    }
}
