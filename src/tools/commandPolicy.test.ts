import { describe, expect, test } from "bun:test";
import { SwarmError } from "../errors.ts";
import { commandArgv, programsOf } from "./commandPolicy.ts";

function denial(command: string, allow: string[], deny: string[]): string | undefined {
    try {
        commandArgv(command, { allow, deny });
        return undefined;
    } catch (error) {
        expect((error as SwarmError).code).toBe("command_denied");
        return (error as Error).message;
    }
}

describe("command policy", () => {
    test("finds every program a bash command line starts", () => {
        expect(programsOf("ls -la | grep x && FOO=1 /usr/bin/sudo rm -rf / ; (cd a; make) || echo $(whoami)"))
            .toEqual(["ls", "grep", "sudo", "cd", "make", "echo", "whoami"]);
        expect(programsOf("env -i X=1 nice -n 5 timeout 10 sudo id")).toEqual(["env", "nice", "timeout", "sudo"]);
        expect(programsOf("xargs sudo < list")).toEqual(["xargs", "sudo"]);
    });

    test("without an allow list, bash runs the command once denied programs are ruled out", () => {
        expect(commandArgv("ls | wc -l", { allow: [], deny: ["sudo"] })).toEqual(["bash", "--noprofile", "--norc", "-c", "ls | wc -l"]);
        expect(denial("echo hi; sudo reboot", [], ["sudo"])).toContain('"sudo" is denied');
        expect(denial("nohup /sbin/shutdown now", [], ["shutdown"])).toContain('"shutdown" is denied');
    });

    test("with an allow list, the words run without a shell", () => {
        expect(commandArgv(`grep -n 'a b$' "c d" e=f`, { allow: ["grep"], deny: [] })).toEqual(["grep", "-n", "a b$", "c d", "e=f"]);
        expect(commandArgv("env LANG=C ls", { allow: ["env", "ls"], deny: [] })).toEqual(["env", "LANG=C", "ls"]);
    });

    test("with an allow list, shell syntax, paths and unlisted programs are refused", () => {
        for (const command of ["echo $[x]", "echo $HOME", "ls | wc", "ls; id", "ls && id", "ls > x", "cat < x", "echo `id`", "echo $(id)", "ls *",
            "echo a\\ b", "echo \"$x\"", "echo 'open", "ls # c", "ls\nid", "ls &", "(ls)", "ls ~", "!ls"])
            expect(denial(command, ["echo", "ls", "cat", "wc"], []), command).toContain("without a shell");
        expect(denial("./ls", ["ls"], [])).toContain("not given as paths");
        expect(denial("ls x", ["cat"], [])).toContain('"ls" is not on the tool allow list');
        expect(denial("env sudo id", ["env"], ["sudo"])).toContain('"sudo" is denied');
        expect(denial("timeout 5 curl x", ["timeout", "ls"], [])).toContain('"curl" is not on the tool allow list');
        expect(denial("   ", ["ls"], [])).toContain("an empty command");
    });
});
