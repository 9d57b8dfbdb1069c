import { expect, test } from "bun:test";
import { getLlama } from "node-llama-cpp";
import { llamaThreads } from "../hardware/index.ts";
import { ggmlTypes } from "./ggmlTypes.ts";

interface SizeBindings {
    getTypeSizeForGgmlType(type: number): number | undefined;
    getBlockSizeForGgmlType(type: number): number | undefined;
}

test("the GGML type table matches the bundled llama.cpp, type for type", async () => {
    const llama = await getLlama({ gpu: false, build: "never", maxThreads: llamaThreads(0) });
    try {
        // node-llama-cpp keeps these size queries on its internal bindings object.
        const bindings = (llama as unknown as { _bindings: SizeBindings })._bindings;
        for (let id = 0; id < 64; id++) {
            const typeSize = bindings.getTypeSizeForGgmlType(id) ?? 0;
            const blockSize = bindings.getBlockSizeForGgmlType(id) ?? 0;
            const ours = ggmlTypes.get(id);
            if (typeSize === 0) expect(ours).toBeUndefined();
            else expect({ id, typeSize: ours?.typeSize, blockSize: ours?.blockSize }).toEqual({ id, typeSize, blockSize });
        }
    } finally {
        await llama.dispose();
    }
});
