// The phrasec extension: starts `phrasec lsp` (the executable of the `phrasec.path` setting)
// for `.phr` files and restarts it when that setting changes.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

function serverOptions(): ServerOptions {
  const command = vscode.workspace
    .getConfiguration("phrasec")
    .get<string>("path", "phrasec");
  return { command, args: ["lsp"] };
}

async function start(): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: "file", language: "phrasec" }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.phr,phrasec.toml}"),
    },
  };
  client = new LanguageClient("phrasec", "phrasec", serverOptions(), clientOptions);
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("phrasec.path")) {
        await client?.stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
