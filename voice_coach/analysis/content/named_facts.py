"""Facts that are names: the tools a candidate used, their job titles and their employers.

Tools come from a curated list of common workplace software; names that are also
ordinary words ("Excel", "Workday", "Teams") count only when written with a capital.
Job titles count only when the candidate says they held them ("I'm an operations
analyst", "before that I was a shift lead", "as a team lead"), never someone else's.
Employers are capitalised names after "at", "joined" or "worked for".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from voice_coach.analysis.content.anchors import STOPWORDS, anchors_near
from voice_coach.analysis.content.fact import EMPLOYER, JOB_TITLE, TOOL, Fact
from voice_coach.analysis.content.words import Words

# (canonical name, spellings as lower-case word sequences). Spellings are tried longest first.
TOOLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("SQL", ("sql", "t-sql", "tsql", "mysql", "postgres", "postgresql", "sql server")),
    ("Python", ("python",)),
    ("Excel", ("excel", "microsoft excel", "ms excel")),
    ("Power BI", ("power bi", "powerbi")),
    ("Power Automate", ("power automate",)),
    ("Tableau", ("tableau",)),
    ("Looker", ("looker",)),
    ("Alteryx", ("alteryx",)),
    ("Salesforce", ("salesforce", "sales force")),
    ("HubSpot", ("hubspot", "hub spot")),
    ("SAP", ("sap",)),
    ("Oracle", ("oracle",)),
    ("NetSuite", ("netsuite", "net suite")),
    ("Workday", ("workday",)),
    ("ADP", ("adp",)),
    ("Paychex", ("paychex",)),
    ("Kronos", ("kronos", "ukg")),
    ("Dayforce", ("dayforce", "ceridian")),
    ("QuickBooks", ("quickbooks", "quick books")),
    ("Xero", ("xero",)),
    ("Sage", ("sage",)),
    ("Jira", ("jira",)),
    ("Confluence", ("confluence",)),
    ("Asana", ("asana",)),
    ("Trello", ("trello",)),
    ("ServiceNow", ("servicenow", "service now")),
    ("Zendesk", ("zendesk",)),
    ("Slack", ("slack",)),
    ("Microsoft Teams", ("microsoft teams", "ms teams")),
    ("SharePoint", ("sharepoint", "share point")),
    ("PowerPoint", ("powerpoint", "power point")),
    ("Google Sheets", ("google sheets",)),
    ("Google Analytics", ("google analytics",)),
    ("VBA", ("vba",)),
    ("Snowflake", ("snowflake",)),
    ("Databricks", ("databricks",)),
    ("AWS", ("aws",)),
    ("Azure", ("azure",)),
    ("Git", ("git", "github", "gitlab")),
    ("Java", ("java",)),
    ("JavaScript", ("javascript", "typescript")),
    ("SAS", ("sas",)),
    ("SPSS", ("spss",)),
    ("Stata", ("stata",)),
    ("MATLAB", ("matlab",)),
    ("Minitab", ("minitab",)),
    ("AutoCAD", ("autocad",)),
    ("Revit", ("revit",)),
    ("Maximo", ("maximo",)),
    ("Veeva", ("veeva",)),
    ("Epic", ("epic",)),
    ("Cerner", ("cerner",)),
    ("Shopify", ("shopify",)),
    ("Figma", ("figma",)),
    ("Blue Yonder", ("blue yonder",)),
    ("Manhattan", ("manhattan wms", "manhattan scale")),
    ("WMS", ("wms",)),
    ("ERP", ("erp",)),
    ("CRM", ("crm",)),
)
# Names that are also everyday words: found only when written with a capital letter.
_TOOL_LIST_WORDS = 8  # tools named this close together in a sentence are quoted as one list
_NEEDS_CAPITAL = frozenset({"excel", "oracle", "workday", "sage", "slack", "epic", "snowflake", "looker", "stata", "sas"})

_TITLE_HEADS = (
    "analyst analysts manager lead leader supervisor director coordinator engineer developer specialist "
    "administrator assistant associate representative rep consultant officer accountant clerk technician "
    "planner executive president vp nurse teacher designer scientist architect controller buyer agent "
    "advisor adviser operator driver auditor recruiter intern owner founder programmer tester chef cashier "
    "foreman superintendent dispatcher scheduler bookkeeper paralegal pharmacist therapist receptionist "
    "salesperson strategist producer editor writer"
).split()
# Who says the title, and when it was theirs: "@now" for the present, "@before" for the past.
_TITLE_CONTEXT = re.compile(
    r"\b(?P<ctx>i'm|i am|i was|i've been|i have been|i had been|i worked as|i work as|worked as|working as|"
    r"as|became|become|promoted to|hired as|joined as|started as|"
    r"my (?:title|role|job|position) (?:is|was)|title of) "
    r"(?:(?:an?|the) )?(?P<title>(?:[a-z][a-z'-]* ){0,2}(?:" + "|".join(_TITLE_HEADS) + r"|head of [a-z]+))\b"
)
_PRESENT_CONTEXTS = ("i'm", "i am", "i work as", "working as", "i've been", "i have been", "is")
_TITLE_FILLERS = frozenset({"really", "just", "also", "then", "still", "currently", "now", "basically", "kind", "sort", "of", "like", "very"})

_EMPLOYER_CUES = frozenset({"at", "joined"})
_WORK_VERBS = frozenset({"work", "worked", "working", "works", "been"})
_NOT_EMPLOYERS = frozenset(
    """i january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday christmas easter the first last one""".split()
)
_COMPANY_SUFFIXES = ("inc", "ltd", "llc", "corp", "plc", "gmbh", "co")


def find_named_facts(words: Words) -> list[Fact]:
    """Tools, job titles and employers in ``words``, in order of appearance."""
    facts = [*_tools(words), *_job_titles(words), *_employers(words)]
    return sorted(facts, key=lambda fact: fact.start_word)


def _tools(words: Words) -> Iterator[Fact]:
    found: list[tuple[int, int, str]] = []
    spellings = sorted(
        ((tuple(spelling.split()), name) for name, variants in TOOLS for spelling in variants),
        key=lambda item: -len(item[0]),
    )
    index = 0
    while index < len(words):
        for spelling, name in spellings:
            end = index + len(spelling)
            if end > len(words) or tuple(w.norm for w in words.items[index:end]) != spelling:
                continue
            if spelling[0] in _NEEDS_CAPITAL and not words.items[index].capitalised:
                continue
            found.append((index, end, name))
            index = end - 1
            break
        index += 1
    for start, end, name in found:
        sentence = words.items[start].sentence
        together = [(s, e, other) for s, e, other in found if words.items[s].sentence == sentence]
        partners = tuple(other for _, _, other in together if other != name)
        first, last = together[0][0], together[-1][1]
        quote_start, quote_end = (first, last) if last - first <= _TOOL_LIST_WORDS else (start, end)
        yield Fact(
            kind=TOOL,
            value=name.lower(),
            unit="tool",
            quote=words.quote(quote_start, quote_end),
            start_word=start,
            end_word=end,
            anchors=anchors_near(words, start, end),
            partners=tuple(p.lower() for p in partners),
        )


def _job_titles(words: Words) -> Iterator[Fact]:
    for _, _, match in words.find(_TITLE_CONTEXT):
        title_words = match["title"].split()
        while title_words and (title_words[0] in STOPWORDS or title_words[0] in _TITLE_FILLERS):
            title_words.pop(0)
        if not title_words:
            continue
        start, end = words.span(match.end("title") - len(" ".join(title_words)), match.end("title"))
        context = match["ctx"]
        tense = "@now" if context in _PRESENT_CONTEXTS or context.endswith(" is") else "@before"
        if context == "as":
            tense = ""
        before = {words.items[i].norm for i in range(*words.window(start, start, before=6, after=0))}
        if before & {"before", "previously", "earlier", "used"}:
            tense = "@before"
        anchors = anchors_near(words, start, end) | ({tense} if tense else set())
        yield Fact(
            kind=JOB_TITLE,
            value=" ".join(title_words),
            unit="title",
            quote=words.quote(start, end),
            start_word=start,
            end_word=end,
            anchors=frozenset(anchors),
        )


def _employers(words: Words) -> Iterator[Fact]:
    tool_words = {spelling for _, variants in TOOLS for variant in variants for spelling in variant.split()}
    for index, word in enumerate(words.items[:-1]):
        cue = word.norm in _EMPLOYER_CUES or (
            word.norm == "for" and index > 0 and words.items[index - 1].norm in _WORK_VERBS
        )
        if not cue or word.pause_after or word.sentence_end_after:
            continue
        end = index + 1
        while end < len(words) and words.items[end].sentence == word.sentence:
            candidate = words.items[end]
            joins = candidate.norm in ("of", "&", "and") and end > index + 1 and end + 1 < len(words) and words.items[end + 1].capitalised
            if not (candidate.capitalised or joins) or candidate.norm in _NOT_EMPLOYERS or candidate.norm in tool_words:
                break
            end += 1
            if candidate.pause_after or candidate.sentence_end_after:
                break
        if end == index + 1:
            continue
        name_words = [w.norm for w in words.items[index + 1 : end]]
        while len(name_words) > 1 and name_words[-1].rstrip(".") in _COMPANY_SUFFIXES:
            name_words.pop()
        yield Fact(
            kind=EMPLOYER,
            value=" ".join(name_words),
            unit="",
            quote=words.quote(index, end),
            start_word=index,
            end_word=end,
            anchors=anchors_near(words, index, end),
        )
