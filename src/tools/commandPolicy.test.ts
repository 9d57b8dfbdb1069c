import { describe, expect, test } from "bun:test";
import { SwarmError } from "../errors.ts";
import { checkCommand, programsOf } from "./commandPolicy.ts";

function denial(command: string, allow: string[], deny: string[]): string | undefined {
    try {
        checkCommand(command, { allow, deny });
        return undefined;
    } catch (error) {
        expect((error as SwarmError).code).toBe("command_denied");
        return (error as Error).message;
    }
}

describe("command policy", () => {
    test("finds every program a command line starts", () => {
        expect(programsOf("ls -la | grep x && FOO=1 /usr/bin/sudo rm -rf / ; (cd a; make) || echo $(whoami)"))
            .toEqual(["ls", "grep", "sudo", "cd", "make", "echo", "whoami"]);
        expect(programsOf("env -i X=1 nice -n 5 timeout 10 sudo id")).toEqual(["env", "nice", "timeout", "sudo"]);
        expect(programsOf("xargs sudo < list")).toEqual(["xargs", "sudo"]);
    });

    test("refuses denied programs wherever they appear", () => {
        expect(denial("echo hi; sudo reboot", [], ["sudo"])).toContain('"sudo" is denied');
        expect(denial("nohup /sbin/shutdown now", [], ["shutdown"])).toContain('"shutdown" is denied');
        expect(denial("echo hi", [], ["sudo"])).toBeUndefined();
    });

    test("with an allow list, refuses other programs and hidden ones", () => {
        expect(denial("ls | wc -l", ["ls", "wc"], [])).toBeUndefined();
        expect(denial("ls | curl x", ["ls", "wc"], [])).toContain('"curl" is not on the tool allow list');
        expect(denial("ls $(curl x)", ["ls", "curl"], [])).toContain("command substitution");
        expect(denial("eval ls", ["ls", "eval"], [])).toContain("eval");
    });
});
