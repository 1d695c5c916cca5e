"""Bureau templates: a folder with template.yaml, phrases/*.j2 and optionally a reference .docx.

A template extends another (`继承: default`) and sets only what differs.

    settings  template.yaml's keys and checks
    store     finding, reading and merging templates into a Profile
    learn     page setup and fonts learnt from a sample .docx
    manage    template show / init / check
"""

from draftkit.template.learn import learn_from_docx
from draftkit.template.manage import check_template, describe, init_template
from draftkit.template.settings import CHINESE_SIZES, SETTINGS_FILE, parse_length_mm, parse_size_pt
from draftkit.template.store import (
    Template,
    TemplateInfo,
    find_template,
    list_templates,
    load_template,
    search_dirs,
    stamp,
    to_profile,
    user_templates_dir,
)

__all__ = ["CHINESE_SIZES", "SETTINGS_FILE", "Template", "TemplateInfo", "check_template", "describe",
           "find_template", "init_template", "learn_from_docx", "list_templates", "load_template",
           "parse_length_mm", "parse_size_pt", "search_dirs", "stamp", "to_profile", "user_templates_dir"]
