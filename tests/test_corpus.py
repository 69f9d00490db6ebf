"""Reading documents: encodings, normalisation, clean-up, offsets."""
import codecs
from pathlib import Path

import pytest

from kg.read.corpus import InputError, clean_text, decode, document_from_bytes, find_text_files, normalise

SENTENCE = "实施儿科和精神卫生服务年，门诊达７０％以上。"


@pytest.mark.parametrize("raw", [
    SENTENCE.encode("utf-8"),
    codecs.BOM_UTF8 + SENTENCE.encode("utf-8"),
    SENTENCE.encode("gb18030"),
    SENTENCE.encode("gbk"),
    SENTENCE.encode("utf-16"),                      # with BOM
    codecs.BOM_UTF16_BE + SENTENCE.encode("utf-16-be"),
])
def test_every_supported_encoding_decodes_to_the_same_text(raw):
    assert decode(raw, "a.txt")[0] == SENTENCE


@pytest.mark.parametrize("raw, message", [
    (b"", "empty file"),
    (b"  \n ", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    (bytes(range(0x80, 0x100)) * 4, "cannot decode"),
])
def test_bad_bytes_get_a_one_line_error_naming_the_file(raw, message):
    with pytest.raises(InputError) as err:
        decode(raw, "bad.txt")
    assert str(err.value).startswith("bad.txt: ") and message in str(err.value)
    assert "\n" not in str(err.value)


def test_normalise_keeps_length_and_simplifies_and_halves_full_width():
    text = "兒科（門診）達７０％，醫療衛生強基工程"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "儿科(门诊)达70%,医疗卫生强基工程"


def test_page_break_inside_a_word_is_joined_and_offsets_point_to_the_original():
    line = "坚持以人民健康为中心,全力推进卫生健康事业高质"
    doc = document_from_bytes("a.txt", (line + "\n\n量发展,筑牢健康之基。").encode())
    clean = clean_text(doc)
    i = clean.text.index("高质量发展")
    s, e = clean.to_original(i, i + 5)
    assert doc.text[s:e] == "高质\n\n量发展"


def test_heading_lines_are_not_joined_to_the_next_paragraph():
    doc = document_from_bytes("a.txt", "凝聚力量 解决急难愁盼问题\n\n上海市卫生健康委党组书记、主任 闻大翔".encode())
    assert "问题\n\n上海" in clean_text(doc).text
    doc = document_from_bytes("a.txt", "　　回望2025：家门口的医疗资源更丰富了\n\n　　过去一年，全区新建社区医院4个。".encode())
    assert "丰富了\n\n  过去一年" in clean_text(doc).text       # a subheading above an indented paragraph
    doc = document_from_bytes("a.txt", "一、2025年回眸：在攻坚克难中交出合格答卷\n\n过去一年，全市新建社区医院4个。".encode())
    assert "答卷\n\n过去一年" in clean_text(doc).text          # a numbered heading
    doc = document_from_bytes("a.txt", "　　一、2025年工作回顾：稳中有进，亮点纷呈\n\n　　过去一年，全市新建社区医院4个。".encode())
    assert "纷呈\n\n  过去一年" in clean_text(doc).text       # a numbered heading with a comma above an indented paragraph
    doc = document_from_bytes("a.txt", "■德州：“县强、乡活”，补齐基层短板\n\n　　德州是平原大市，常住人口550万左右。".encode())
    assert "短板\n\n  德州是" in clean_text(doc).text           # a bulleted heading, commas and all
    doc = document_from_bytes("a.txt", "上半年进展：总体符合时序，部分指标仍有差距\n\n会议通报，今年以来全省工作有序推进。".encode())
    assert "差距\n\n会议通报" in clean_text(doc).text         # a subject and its colon, then a subtitle


def test_a_bulleted_item_of_a_list_is_kept_and_a_bulleted_link_title_dropped():
    body = ("主要安排有：\n·新增普惠托位2000个；\n·全市院前急救平均反应时间压缩到12分钟以内。\n"
            "相关新闻\n·德州召开卫生健康工作会议\n")
    clean = clean_text(document_from_bytes("a.txt", body.encode())).text
    assert "·新增普惠托位2000个;" in clean and "·全市院前急救" in clean and "召开卫生健康工作会议" not in clean


def test_web_boilerplate_lines_are_dropped():
    body = "推进紧密型县域医共体建设。\n阅读全文\n(想阅读完全部图文内容,您需要先登陆!)\n如果喜欢本篇内容,请赞赏鼓励哦!\n¥0.01\n¥6.66\n分享:\n微信扫一扫在手机阅读、分享本文\n本文标题:2025年卫健工作思路"
    clean = clean_text(document_from_bytes("a.txt", body.encode())).text
    assert clean.strip() == "推进紧密型县域医共体建设。"


def test_a_list_of_links_below_the_article_is_dropped_up_to_the_next_prose():
    body = ("全市推进紧密型县域医共体建设。\n往期推荐\n广州：2026年将新增社区医院10家\n\n深圳：社康机构覆盖再扩面\n"
            "阅读 3842　赞 67\n全市新增社区医院5家，力争家庭医生签约率达到45%。\n")
    clean = clean_text(document_from_bytes("a.txt", body.encode())).text
    assert clean == "全市推进紧密型县域医共体建设。\n全市新增社区医院5家,力争家庭医生签约率达到45%。\n"


def test_a_bracketed_list_of_related_links_is_dropped():
    body = ("全市推进紧密型县域医共体建设。\n【相关链接】\n·江油市召开2026年卫生健康工作会议\n·我市新增3个国家级临床重点专科建设项目\n"
            "\n责任编辑：王思\n")
    clean = clean_text(document_from_bytes("a.txt", body.encode())).text
    assert clean == "全市推进紧密型县域医共体建设。\n"


def test_a_section_repeated_verbatim_is_read_once():
    para = "(一)全力抓好优质医疗服务体系构建。一是高质量运营省级区域医疗中心。"
    text = f"【篇一】\n\n{para}\n\n【篇二】\n\n{para}\n"
    clean = clean_text(document_from_bytes("a.txt", text.encode())).text
    assert clean.count(para) == 1 and "【篇二】" in clean

    label = "发布人（酒泉市卫生健康委员会党组书记、主任 ×××）："     # a speaker's label, each time the speaker speaks
    text = f"{label}\n今年新建急救站点12个。\n记者：\n请问车辆够不够？\n{label}\n今年新增救护车15辆。\n"
    assert clean_text(document_from_bytes("a.txt", text.encode())).text.count("酒泉市卫生健康委员会") == 2


def test_a_wechat_headline_and_its_account_s_owner_stay_lines_of_their_own():
    text = ("健康房山 | 区卫健委召开党组会议 研究部署一季度重点工作\n\n健康房山　北京市房山区卫生健康委员会官方公众号\n\n"
            "近日，区卫健委党组召开会议。\n\n扫码关注公众号\n")
    lines = clean_text(document_from_bytes("a.txt", text.encode())).text.split("\n")
    assert "健康房山 北京市房山区卫生健康委员会官方公众号" in lines
    assert lines[0] == "健康房山 | 区卫健委召开党组会议 研究部署一季度重点工作"
    assert not any("扫码" in line for line in lines)


def test_traditional_document_reads_like_its_simplified_twin():
    trad = document_from_bytes("t.txt", "實施兒科和精神衛生服務年".encode("utf-8"))
    simp = document_from_bytes("s.txt", "实施儿科和精神卫生服务年".encode("utf-8"))
    assert clean_text(trad).text == clean_text(simp).text
    assert trad.text == "實施兒科和精神衛生服務年"     # the original is kept for evidence


def test_pinyin_a_mirror_site_prints_after_each_character_is_dropped_and_the_original_kept():
    ruby = document_from_bytes("r.txt", "實(shí)施兒(ér)科和精神衛(wèi)生服務(wù)年".encode("utf-8"))
    clean = clean_text(ruby)
    assert clean.text == "实施儿科和精神卫生服务年"
    assert ruby.text[slice(*clean.to_original(0, len(clean.text)))] == ruby.text
    assert clean_text(document_from_bytes("b.txt", "孕产妇(含流动人口)系统管理率".encode())).text.count("(") == 1


def test_question_marks_standing_for_lost_characters_are_no_question():
    text = "来源:县司法局 ???? 发布时间:2022-09-22\n为什么要建医共体??\n"
    assert clean_text(document_from_bytes("q.txt", text.encode())).text == \
        "来源:县司法局  发布时间:2022-09-22\n为什么要建医共体??\n"


def test_a_slide_s_bulleted_points_stay_a_link_list_s_titles_and_page_numbers_go():
    text = ("【第10页】\n■ 重点任务二：强基层\n· 重点人群家庭医生签约率：≥85%\n· 持续推广三明医改经验\n- 3 -\n"
            "相关链接：\n· 上饶市卫生健康委员会2026年工作要点\n")
    assert clean_text(document_from_bytes("s.txt", text.encode())).text.split("\n") == [
        "■ 重点任务二:强基层", "· 重点人群家庭医生签约率:≥85%", "· 持续推广三明医改经验", ""]     # colons made half-width


def test_a_text_wrapped_at_a_fixed_width_runs_on_and_its_headings_and_rows_stay_lines():
    paragraph = ("2026年全市卫生健康工作要坚持以人民健康为中心坚持预防为主基层为重完成六十五岁及以上老年人健康管理30万人"
                 "新建村卫生室六十个推动资源下沉和服务均衡更加注重改革的系统集成和协同高效努力让群众看病就医更方便更舒心"
                 "全市县域内就诊率稳定在百分之九十以上基层医疗卫生机构诊疗量占比达到六成以上孕产妇死亡率继续保持低位"
                 "加快推进紧密型县域医共体建设完善以公益性为导向的公立医院绩效考核动态调整医疗服务价格持续深化改革"
                 "统筹中央省市三级资金新建改扩建村卫生室重点用于乡村医生待遇保障和适宜技术推广进一步稳定基层卫生队伍。")
    wrapped = "\n".join(paragraph[i:i + 30] for i in range(0, len(paragraph), 30))
    text = wrapped + "\n一、纵深推进医药卫生体制改革\n指标名称 | 2025年 | 2026年目标\n"
    lines = clean_text(document_from_bytes("w.txt", text.encode())).text.split("\n")
    assert lines[0] == paragraph
    assert lines[1:] == ["一、纵深推进医药卫生体制改革", "指标名称 | 2025年 | 2026年目标", ""]


def test_a_wechat_editor_s_bold_markers_are_dropped():
    text = "基层就诊率达到**68%**，院前急救平均反应时间缩短至**11分钟**以内。"
    assert clean_text(document_from_bytes("b.txt", text.encode())).text == "基层就诊率达到68%,院前急救平均反应时间缩短至11分钟以内。"


def test_a_web_page_s_markup_left_in_a_text_is_dropped_and_its_space_entities_are_spaces():
    text = '<p style="text-indent:2em;">县域内就诊率（%）&nbsp;&nbsp;86.3&nbsp;&nbsp;≥89</p><br/>\n'
    doc = document_from_bytes("h.txt", text.encode())
    clean = clean_text(doc)
    assert clean.text.split() == ["县域内就诊率(%)", "86.3", "≥89"]
    assert doc.text[slice(*clean.to_original(0, 3))] == "县域内"


def test_find_text_files_walks_folders_and_rejects_missing_paths(tmp_path: Path):
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert [p.name for p in find_text_files([tmp_path])] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="no such file"):
        find_text_files([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no documents"):
        find_text_files([tmp_path / "empty"])


def test_a_utf8_file_full_of_control_characters_is_named_for_what_it_is():
    raw = ("卫生健康" + "\x01\x02" * 50).encode("utf-8")
    with pytest.raises(InputError, match="decodes as utf-8 but holds 100 control characters"):
        decode(raw, "x.txt")


def test_debris_inside_a_long_line_is_dropped_by_the_phrase_not_the_line():
    text = "2025年安徽省卫生健康工作会议召开，会议要求全省实施医疗卫生强基工程，扫码关注二维码了解详情，县域内就诊率达到90%以上。"
    clean = clean_text(document_from_bytes("x.txt", text.encode())).text
    assert "医疗卫生强基工程" in clean and "90%以上" in clean and "二维码" not in clean


def test_a_short_line_of_debris_is_dropped_whole():
    text = "2025年安徽省卫生健康工作会议召开。\n扫一扫分享二维码\n会议要求全省实施医疗卫生强基工程。\n"
    assert "扫一扫" not in clean_text(document_from_bytes("x.txt", text.encode())).text


def test_the_spaces_an_ocr_puts_between_characters_are_dropped_and_offsets_point_to_the_original():
    doc = document_from_bytes("a.txt", "居 民 健 康 素 养 水 平 达 到 ３ ５ ％ 以 上。福州 福州市提出。".encode())
    clean = clean_text(doc)
    assert clean.text == "居民健康素养水平达到35%以上。福州 福州市提出。"     # a run-in heading's single space stays
    i = clean.text.index("35%")
    assert doc.text[slice(*clean.to_original(i, i + 3))] == "３ ５ ％"
