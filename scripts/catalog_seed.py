#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Seeds data/catalog/ai-services.tsv from the v2fly lists (MIT, see
data/catalog/LICENSE.v2fly), expanded into one TSV file (the v2fly
domain-list-community data with its includes resolved), given as the
only argument: scripts/catalog_seed.py v2fly-ai-expanded.tsv.
The output is then reviewed by hand and committed: the committed file,
not this script, is the catalog. Rerun only to pick up new upstream rules,
and review the diff.

Columns: match (domain = the host and its subdomains, full = exact host),
host, service, vendor, category (chat, coding, writing, translation,
image, meeting, search, api), role (ui, api, static, auth, marketing).
Rules tagged @ads upstream (shared telemetry hosts) are dropped; regexp
and keyword rules are not used (a host must match exactly or by suffix).
"""
import sys

if len(sys.argv) != 2:
    sys.exit("usage: scripts/catalog_seed.py V2FLY-EXPANDED.tsv > data/catalog/ai-services.tsv")
src = sys.argv[1]

# vendor file -> (service, vendor, category) for whole-vendor lists
VENDOR = {
    "anthropic": ("Claude", "Anthropic", "chat"),
    "askdiandian": ("Diandian", "Diandian", "chat"),
    "bytedance-ai-!cn": ("Coze", "ByteDance", "chat"),
    "cerebras": ("Cerebras Inference", "Cerebras", "api"),
    "comfy": ("ComfyUI", "Comfy Org", "image"),
    "comfy-ui-launcher": ("ComfyUI Launcher", "Comfy Org", "image"),
    "cursor": ("Cursor", "Anysphere", "coding"),
    "deepseek": ("DeepSeek", "DeepSeek", "chat"),
    "dola": ("Cici", "ByteDance", "chat"),
    "doubao": ("Doubao", "ByteDance", "chat"),
    "elevenlabs": ("ElevenLabs", "ElevenLabs", "meeting"),
    "envato": ("Envato AI", "Envato", "image"),
    "github-copilot": ("GitHub Copilot", "GitHub", "coding"),
    "google-deepmind": ("Gemini", "Google", "chat"),
    "groq": ("Groq", "Groq", "api"),
    "huggingface": ("Hugging Face", "Hugging Face", "api"),
    "jetbrains-ai": ("JetBrains AI", "JetBrains", "coding"),
    "liveperson": ("LivePerson", "LivePerson", "chat"),
    "manus": ("Manus", "Manus", "chat"),
    "openai": ("ChatGPT", "OpenAI", "chat"),
    "perplexity": ("Perplexity", "Perplexity", "search"),
    "poe": ("Poe", "Quora", "chat"),
    "trae": ("Trae", "ByteDance", "coding"),
    "windsurf": ("Windsurf", "Windsurf", "coding"),
    "xai": ("Grok", "xAI", "chat"),
    "xiaomi-ai": ("Xiao AI", "Xiaomi", "chat"),
    "youmind": ("YouMind", "YouMind", "writing"),
}

# host -> (service, vendor, category) for the mixed category lists and
# for hosts of a vendor that are a different product
HOST = {
    "coderabbit.ai": ("CodeRabbit", "CodeRabbit", "coding"),
    "coderabbit.gallery.vsassets.io": ("CodeRabbit", "CodeRabbit", "coding"),
    "cohere.ai": ("Cohere", "Cohere", "api"),
    "cohere.com": ("Cohere", "Cohere", "api"),
    "copilot-stg.com": ("Microsoft Copilot", "Microsoft", "chat"),
    "copilot.cloud.microsoft": ("Microsoft 365 Copilot", "Microsoft", "chat"),
    "copilot.com": ("Microsoft Copilot", "Microsoft", "chat"),
    "copilot.microsoft.com": ("Microsoft Copilot", "Microsoft", "chat"),
    "deepwiki.com": ("DeepWiki", "Cognition", "coding"),
    "deepwiki.org": ("DeepWiki", "Cognition", "coding"),
    "clipdrop.co": ("Clipdrop", "Jasper", "image"),
    "jasper.ai": ("Jasper", "Jasper", "writing"),
    "kimi.ai": ("Kimi", "Moonshot AI", "chat"),
    "kimi.com": ("Kimi", "Moonshot AI", "chat"),
    "moonshot.ai": ("Kimi", "Moonshot AI", "chat"),
    "moonshot.cn": ("Kimi", "Moonshot AI", "chat"),
    "devin.ai": ("Devin", "Cognition", "coding"),
    "dify.ai": ("Dify", "LangGenius", "api"),
    "duck.ai": ("Duck.ai", "DuckDuckGo", "chat"),
    "gateway.ai.cloudflare.com": ("Cloudflare AI Gateway", "Cloudflare", "api"),
    "kiro.dev": ("Kiro", "Amazon", "coding"),
    "langchain.com": ("LangChain", "LangChain", "api"),
    "lmstudio.ai": ("LM Studio", "LM Studio", "chat"),
    "meta.ai": ("Meta AI", "Meta", "chat"),
    "midjourney.com": ("Midjourney", "Midjourney", "image"),
    "minimax.io": ("MiniMax", "MiniMax", "chat"),
    "minimaxi.com": ("MiniMax", "MiniMax", "chat"),
    "hailuoai.com": ("Hailuo AI", "MiniMax", "image"),
    "mistral.ai": ("Le Chat", "Mistral AI", "chat"),
    "ollama.com": ("Ollama", "Ollama", "api"),
    "openrouter.ai": ("OpenRouter", "OpenRouter", "api"),
    "sider.ai": ("Sider", "Sider", "chat"),
    "notegpt.io": ("NoteGPT", "NoteGPT", "writing"),
    "novelai.net": ("NovelAI", "Anlatan", "writing"),
    "openart.ai": ("OpenArt", "OpenArt", "image"),
    "lovart.ai": ("Lovart", "Lovart", "image"),
    "tripo3d.ai": ("Tripo", "VAST", "image"),
    "qianwen.aliyun.com": ("Qwen", "Alibaba", "chat"),
    "qianwen.com": ("Qwen", "Alibaba", "chat"),
    "qianwenai.com": ("Qwen", "Alibaba", "chat"),
    "qwen.ai": ("Qwen", "Alibaba", "chat"),
    "qwenlm.ai": ("Qwen", "Alibaba", "chat"),
    "tongyi.aliyun.com": ("Qwen", "Alibaba", "chat"),
    "tongyi.com": ("Qwen", "Alibaba", "chat"),
    "yiyan.baidu.com": ("ERNIE Bot", "Baidu", "chat"),
    "bigmodel.cn": ("GLM", "Zhipu AI", "api"),
    "chatglm.cn": ("ChatGLM", "Zhipu AI", "chat"),
    "z.ai": ("Z.ai", "Zhipu AI", "chat"),
    "zhipuai.cn": ("GLM", "Zhipu AI", "api"),
    "xinghuo.xfyun.cn": ("iFlytek Spark", "iFlytek", "chat"),
    "hunyuan.tencent.com": ("Hunyuan", "Tencent", "chat"),
    "yuanbao.tencent.com": ("Yuanbao", "Tencent", "chat"),
    "codebuddy.cn": ("CodeBuddy", "Tencent", "coding"),
    "kling-ai.com": ("Kling", "Kuaishou", "image"),
    "klingai.com": ("Kling", "Kuaishou", "image"),
    "metaso.cn": ("Metaso", "Metaso", "search"),
    "n.cn": ("Nano AI Search", "360", "search"),
    "xiezuocat.com": ("Xiezuocat", "Xiezuocat", "writing"),
    # Google products in the deepmind list
    "notebooklm.google.com": ("NotebookLM", "Google", "writing"),
    "notebooklm.google": ("NotebookLM", "Google", "writing"),
    "notebook.google.com": ("NotebookLM", "Google", "writing"),
    "notebooklm-pa.googleapis.com": ("NotebookLM", "Google", "writing"),
    "notebooklm.googleapis.com": ("NotebookLM", "Google", "writing"),
    "jules.google": ("Jules", "Google", "coding"),
    "jules.google.com": ("Jules", "Google", "coding"),
    "antigravity.google": ("Antigravity", "Google", "coding"),
    "antigravity-pa.googleapis.com": ("Antigravity", "Google", "coding"),
    "antigravity.googleapis.com": ("Antigravity", "Google", "coding"),
    "antigravity-unleash.goog": ("Antigravity", "Google", "coding"),
    "cloudaicompanion.googleapis.com": ("Gemini Code Assist", "Google", "coding"),
    "cloudcode-pa.googleapis.com": ("Gemini Code Assist", "Google", "coding"),
    "daily-cloudcode-pa.googleapis.com": ("Gemini Code Assist", "Google", "coding"),
    "aicode.googleapis.com": ("Gemini Code Assist", "Google", "coding"),
    "aida.googleapis.com": ("Gemini Code Assist", "Google", "coding"),
    "aistudio.google.com": ("Google AI Studio", "Google", "api"),
    "ai.studio": ("Google AI Studio", "Google", "api"),
    "makersuite.google.com": ("Google AI Studio", "Google", "api"),
    "alkalimakersuite-pa.clients6.google.com": ("Google AI Studio", "Google", "api"),
    "webchannel-alkalimakersuite-pa.clients6.google.com": ("Google AI Studio", "Google", "api"),
    "alkalicore-pa.clients6.google.com": ("Google AI Studio", "Google", "api"),
    "generativelanguage.googleapis.com": ("Gemini API", "Google", "api"),
    "labs.google": ("Google Labs", "Google", "image"),
    "labs.google.com": ("Google Labs", "Google", "image"),
    "flow.google": ("Flow", "Google", "image"),
    "aisandbox-pa.googleapis.com": ("Google Labs", "Google", "image"),
    "opal.google": ("Opal", "Google", "coding"),
    "opal.google.com": ("Opal", "Google", "coding"),
    "stitch.withgoogle.com": ("Stitch", "Google", "coding"),
    # OpenAI products
    "sora.com": ("Sora", "OpenAI", "image"),
    "openai.com": ("ChatGPT", "OpenAI", "chat"),
    "coze.cn": ("Coze", "ByteDance", "chat"),
}

# host -> role where the host name alone does not say it
ROLE = {
    "anthropic.com": "marketing", "clau.de": "marketing",
    "servd-anthropic-website.b-cdn.net": "marketing",
    "claudeusercontent.com": "static", "claudemcpcontent.com": "static",
    "claudemcpclient.com": "api",
    "openai.com": "marketing", "chatgpt.site": "marketing",
    "oaistatic.com": "static", "oaiusercontent.com": "static",
    "oaistatsig.com": "static", "openai.com.cdn.cloudflare.net": "static",
    "openaiapi-site.azureedge.net": "marketing",
    "openaiassets.blob.core.windows.net": "static",
    "openaicom-api-bdcpf8c6d2e9atf6.z01.azurefd.net": "marketing",
    "openaicom.imgix.net": "marketing",
    "openaicomproductionae4b.blob.core.windows.net": "marketing",
    "production-openaicom-storage.azureedge.net": "marketing",
    "deepmind.com": "marketing", "deepmind.google": "marketing",
    "ai.google.dev": "marketing", "generativeai.google": "marketing",
    "gemini.gstatic.com": "static",
    "generativelanguage.googleapis.com": "api",
    "githubcopilot.com": "api", "copilot-proxy.githubusercontent.com": "api",
    "copilotprodattachments.blob.core.windows.net": "static",
    "cursor-cdn.com": "static", "cursorapi.com": "api",
    "poecdn.net": "static", "manuscdn.com": "static",
    "envato-static.com": "static", "envatousercontent.com": "static",
    "themeforest.net": "marketing", "envato.com": "marketing",
    "ciciaicdn.com": "static", "doubaocdn.com": "static", "cozecdn.com": "static",
    "codeiumdata.com": "api", "ppl-ai-file-upload.s3.amazonaws.com": "static",
    "pplx-res.cloudinary.com": "static", "lpsnmedia.net": "static",
    "langchain.com": "marketing", "cohere.com": "marketing",
    "huggingface.co": "ui", "hf.co": "ui", "hf.space": "ui",
    "gateway.ai.cloudflare.com": "api", "openrouter.ai": "api",
    "grokipedia.com": "ui", "x.ai": "marketing",
}

# Shared infrastructure that many unrelated apps use: matching it would
# count other traffic as AI use.
SKIP = {"host.livekit.cloud", "turn.livekit.cloud"}

# What the lists lack: added by hand (reviewed)
EXTRA = [
    ("full", "chat.openai.com", "ChatGPT", "OpenAI", "chat", "ui"),
    ("full", "api.openai.com", "OpenAI API", "OpenAI", "api", "api"),
    ("full", "platform.openai.com", "OpenAI API", "OpenAI", "api", "ui"),
    ("full", "auth.openai.com", "ChatGPT", "OpenAI", "chat", "auth"),
    ("full", "auth0.openai.com", "ChatGPT", "OpenAI", "chat", "auth"),
    ("full", "api.anthropic.com", "Claude API", "Anthropic", "api", "api"),
    ("full", "console.anthropic.com", "Claude API", "Anthropic", "api", "ui"),
    ("full", "chat.mistral.ai", "Le Chat", "Mistral AI", "chat", "ui"),
    ("full", "api.mistral.ai", "Mistral API", "Mistral AI", "api", "api"),
    ("full", "console.mistral.ai", "Mistral API", "Mistral AI", "api", "ui"),
    ("domain", "deepl.com", "DeepL", "DeepL", "translation", "ui"),
    ("full", "www.deepl.com", "DeepL", "DeepL", "translation", "ui"),
    ("full", "api.deepl.com", "DeepL API", "DeepL", "translation", "api"),
    ("full", "api-free.deepl.com", "DeepL API", "DeepL", "translation", "api"),
    ("domain", "deepl.net", "DeepL", "DeepL", "translation", "static"),
    ("full", "chat.deepseek.com", "DeepSeek", "DeepSeek", "chat", "ui"),
    ("full", "api.deepseek.com", "DeepSeek API", "DeepSeek", "api", "api"),
    ("full", "api.perplexity.ai", "Perplexity API", "Perplexity", "api", "api"),
    ("full", "api.x.ai", "xAI API", "xAI", "api", "api"),
    ("full", "console.x.ai", "xAI API", "xAI", "api", "ui"),
    ("full", "api.cohere.com", "Cohere", "Cohere", "api", "api"),
    ("full", "dashboard.cohere.com", "Cohere", "Cohere", "api", "ui"),
    ("full", "api.groq.com", "Groq", "Groq", "api", "api"),
    ("full", "api-inference.huggingface.co", "Hugging Face", "Hugging Face", "api", "api"),
    ("domain", "otter.ai", "Otter.ai", "Otter.ai", "meeting", "ui"),
    ("domain", "fireflies.ai", "Fireflies.ai", "Fireflies.ai", "meeting", "ui"),
    ("domain", "grammarly.com", "Grammarly", "Grammarly", "writing", "ui"),
    ("domain", "quillbot.com", "QuillBot", "QuillBot", "writing", "ui"),
    ("domain", "you.com", "You.com", "You.com", "search", "ui"),
    ("domain", "phind.com", "Phind", "Phind", "search", "ui"),
    ("domain", "character.ai", "Character.AI", "Character.AI", "chat", "ui"),
    ("domain", "leonardo.ai", "Leonardo.Ai", "Canva", "image", "ui"),
    ("domain", "runwayml.com", "Runway", "Runway", "image", "ui"),
    ("domain", "gamma.app", "Gamma", "Gamma", "writing", "ui"),
    ("domain", "tabnine.com", "Tabnine", "Tabnine", "coding", "ui"),
    ("domain", "replit.com", "Replit", "Replit", "coding", "ui"),
    ("domain", "v0.dev", "v0", "Vercel", "coding", "ui"),
    ("domain", "bolt.new", "Bolt", "StackBlitz", "coding", "ui"),
    ("domain", "lovable.dev", "Lovable", "Lovable", "coding", "ui"),
]


def role_of(host):
    if host in ROLE:
        return ROLE[host]
    first = host.split(".")[0]
    if first in ("api", "gateway") or first.endswith("-pa") or "api" in first:
        return "api"
    if "cdn" in host or "static" in host or "assets" in host or "usercontent" in host:
        return "static"
    if first in ("auth", "login", "accounts", "sso"):
        return "auth"
    if first in ("www", "blog", "docs", "help", "status"):
        return "marketing"
    return "ui"


def name_of(host):
    parts = host.split(".")
    base = parts[-2] if len(parts) >= 2 else parts[0]
    return base[:1].upper() + base[1:]


rows = {}
for line in open(src):
    f = line.rstrip("\n").split("\t")
    if f[0] == "vendor_file" or len(f) < 5:
        continue
    vendor_file, kind, host, attrs = f[0], f[1], f[2], f[3]
    if "@ads" in attrs or kind not in ("domain", "full") or host in SKIP:
        continue
    if host in HOST:
        service, vendor, category = HOST[host]
    elif vendor_file in VENDOR:
        service, vendor, category = VENDOR[vendor_file]
    else:
        service = vendor = name_of(host)
        category = "chat"
    rows[(kind, host)] = (kind, host, service, vendor, category, role_of(host))
for r in EXTRA:
    rows[(r[0], r[1])] = r

print("# traction AI-service catalog. Seeded from v2fly/domain-list-community")
print("# (MIT, see LICENSE.v2fly) by scripts/catalog_seed.py, then reviewed.")
print("# match\thost\tservice\tvendor\tcategory\trole")
for key in sorted(rows, key=lambda k: (rows[k][2].lower(), k[1])):
    print("\t".join(rows[key]))
